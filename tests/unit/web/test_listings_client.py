"""The web client's listings say the contracts' words: its kinds, categories, skills, weekdays,
alert types and allocations are contracts/listings/categories.py's, served at GET
/api/v1/vocabulary and read by the client at start-up, never written in the client. (Its
numbers come from the refusal catalogue the gateway serves, GET /api/v1/refusals.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contracts.listings import categories
from services.gateway.api.meta.vocabulary import SHOWN
from services.gateway.http import openapi
from tests.support.node import node_json

WEB = Path(__file__).resolve().parents[3] / "services" / "gateway" / "web" / "js"

DUMP = """
import { WEB } from "./tests/web/browser.js";
const load = async (path) => import(new URL(path, WEB));
const words = await load("features/listings/vocabulary.js");
words.useVocabulary(%s);
const kinds = Object.fromEntries(words.CATEGORIES.map((c) => [c, words.kindsOf(c)]));
console.log(JSON.stringify({ ...words, kinds }));
"""


@pytest.fixture(scope="module")
def client() -> dict:
    script = DUMP % json.dumps(SHOWN["listings"])
    found: dict = node_json(script, what="the web client's listings words")
    return found


def test_the_gateway_serves_the_contracts_words() -> None:
    listings = SHOWN["listings"]
    assert listings["kinds"] == list(categories.KINDS)
    assert listings["categories"] == list(categories.CATEGORIES)
    assert listings["skills"] == list(categories.SKILLS)
    assert listings["weekdays"] == list(categories.WEEKDAYS)
    assert listings["alert_types"] == list(categories.ALERT_TYPES)
    assert listings["allocations"] == list(categories.ALLOCATIONS)
    expected = {c: list(k) for c, k in categories.KINDS_BY_CATEGORY.items()}
    assert listings["kinds_by_category"] == expected
    assert "/api/v1/vocabulary" in openapi.document()["paths"]


def test_the_client_takes_the_words_it_is_served(client: dict) -> None:
    listings = SHOWN["listings"]
    assert client["KINDS"] == listings["kinds"]
    assert client["CATEGORIES"] == listings["categories"]
    assert client["SKILLS"] == listings["skills"]
    assert client["WEEKDAYS"] == listings["weekdays"]
    assert client["ALERT_TYPES"] == listings["alert_types"]
    assert client["ALLOCATIONS"] == listings["allocations"]
    assert client["kinds"] == listings["kinds_by_category"]


def test_the_client_declares_no_list_of_the_contracts_words() -> None:
    # A screen may still name the one category it is about (a loan's calendar); a list of them
    # in the client would be a second declaration.
    source = (WEB / "features" / "listings" / "vocabulary.js").read_text(encoding="utf-8")
    words = (*categories.CATEGORIES, *categories.SKILLS, *categories.ALERT_TYPES)
    assert [w for w in words if f'"{w}"' in source] == []
