"""The web client's listings say the contracts' words and numbers: its kinds, categories,
skills, weekdays, alert types and allocations are contracts/listings/categories.py's, and its
limits (features/listings/limits.js, the one place it holds them) are the refusal catalogue's."""

from __future__ import annotations

import pytest

from contracts.listings import categories
from contracts.listings.refusals import REFUSALS
from tests.support.node import node_json

DUMP = """
import { WEB } from "./tests/web/browser.js";
const load = async (path) => import(new URL(path, WEB));
const words = await load("features/listings/vocabulary.js");
const { LIMITS } = await load("features/listings/limits.js");
const kinds = Object.fromEntries(words.CATEGORIES.map((c) => [c, words.kindsOf(c)]));
console.log(JSON.stringify({ ...words, kinds, LIMITS }));
"""


@pytest.fixture(scope="module")
def client() -> dict:
    found: dict = node_json(DUMP, what="the web client's listings words and limits")
    return found


def test_the_client_names_the_contracts_words(client: dict) -> None:
    assert client["KINDS"] == list(categories.KINDS)
    assert client["CATEGORIES"] == list(categories.CATEGORIES)
    assert client["SKILLS"] == list(categories.SKILLS)
    assert client["WEEKDAYS"] == list(categories.WEEKDAYS)
    assert client["ALERT_TYPES"] == list(categories.ALERT_TYPES)
    assert client["ALLOCATIONS"] == list(categories.ALLOCATIONS)
    assert client["kinds"] == {c: list(k) for c, k in categories.KINDS_BY_CATEGORY.items()}


def test_the_clients_limits_are_the_refusal_catalogues(client: dict) -> None:
    declared = {r.code: dict(r.limits) for r in REFUSALS.values() if r.limits}
    assert client["LIMITS"] == declared
