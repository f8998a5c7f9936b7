"""The web client's listings say the contracts' words: its kinds, categories, skills, weekdays,
alert types and allocations are contracts/listings/categories.py's. (Its numbers come from the
refusal catalogue the gateway serves, GET /api/v1/refusals.)"""

from __future__ import annotations

import pytest

from contracts.listings import categories
from tests.support.node import node_json

DUMP = """
import { WEB } from "./tests/web/browser.js";
const load = async (path) => import(new URL(path, WEB));
const words = await load("features/listings/vocabulary.js");
const kinds = Object.fromEntries(words.CATEGORIES.map((c) => [c, words.kindsOf(c)]));
console.log(JSON.stringify({ ...words, kinds }));
"""


@pytest.fixture(scope="module")
def client() -> dict:
    found: dict = node_json(DUMP, what="the web client's listings words")
    return found


def test_the_client_names_the_contracts_words(client: dict) -> None:
    assert client["KINDS"] == list(categories.KINDS)
    assert client["CATEGORIES"] == list(categories.CATEGORIES)
    assert client["SKILLS"] == list(categories.SKILLS)
    assert client["WEEKDAYS"] == list(categories.WEEKDAYS)
    assert client["ALERT_TYPES"] == list(categories.ALERT_TYPES)
    assert client["ALLOCATIONS"] == list(categories.ALLOCATIONS)
    assert client["kinds"] == {c: list(k) for c, k in categories.KINDS_BY_CATEGORY.items()}
