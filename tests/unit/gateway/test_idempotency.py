"""Idempotency-Key: the same key from the same caller on the same route repeats the same
command ids; anything else differs; a malformed key is refused; no key, fresh ids."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

import services.gateway.service  # noqa: F401  (declares the routes)
from services.gateway.access.idempotency import command_ids, fingerprint, idempotency_key
from services.gateway.http import openapi
from services.gateway.http.errors import ApiError
from services.gateway.http.routing import ROUTES

ALICE = f"resident:{uuid.uuid4()}"
BOB = f"resident:{uuid.uuid4()}"
KEY = f"retry-{uuid.uuid4()}"


def derived(
    caller: str = ALICE,
    method: str = "PUT",
    path: str = "/me/address",
    key: str = KEY,
    purpose: str = "declare",
) -> str:
    return command_ids(key, caller, method, path).new(purpose)


def test_the_same_request_again_derives_the_same_command_id() -> None:
    assert derived() == derived()
    assert uuid.UUID(derived()).version == 5


@pytest.mark.parametrize(
    "other",
    [
        {"caller": BOB},
        {"caller": "client:0123abcd"},
        {"method": "POST"},
        {"path": "/me/address/verification"},
        {"key": KEY + "x"},
        {"purpose": "letter"},
        {"purpose": ""},
    ],
)
def test_another_caller_route_key_or_purpose_derives_another_id(other: dict[str, Any]) -> None:
    assert derived(**other) != derived()


def test_parts_cannot_run_into_each_other() -> None:
    # "a" + "b|c" must not be "a|b" + "c", whatever a key holds.
    assert derived(caller="x", key='",y') != derived(caller='x",', key="y")


def test_a_key_reused_for_another_request_derives_other_ids() -> None:
    asked = fingerprint({"line": "12 rue de la Paix", "postcode": "71999"}, {}, {})
    other = fingerprint({"line": "14 rue de la Paix", "postcode": "71999"}, {}, {})
    same = command_ids(KEY, ALICE, "PUT", "/me/address", asked).new("declare")
    assert command_ids(KEY, ALICE, "PUT", "/me/address", asked).new("declare") == same
    assert command_ids(KEY, ALICE, "PUT", "/me/address", other).new("declare") != same


def test_the_fingerprint_ignores_layout_but_not_content() -> None:
    nid = uuid.uuid4()
    assert fingerprint({"a": 1, "b": 2}, {"id": nid}, {}) == fingerprint(
        {"b": 2, "a": 1}, {"id": nid}, {}
    )
    assert fingerprint({"a": 1}, {"id": nid}, {}) != fingerprint({"a": 1}, {"id": uuid.uuid4()}, {})
    assert fingerprint({}, {}, {}, b"%PDF-1") != fingerprint({}, {}, {}, b"%PDF-2")


def test_without_a_key_every_command_gets_a_fresh_id() -> None:
    ids = command_ids(None, ALICE, "POST", "/residents")
    assert ids.new() != ids.new()
    assert uuid.UUID(ids.new()).version == 4


@pytest.mark.parametrize("value", ["", "has space", "é-accent", "tab\there", "k" * 129])
def test_a_malformed_key_on_a_write_is_refused(value: str) -> None:
    with pytest.raises(ApiError) as refused:
        idempotency_key("POST", value)
    assert refused.value.status == 422
    assert refused.value.code == "validation_failed"
    assert refused.value.fields is not None and "Idempotency-Key" in refused.value.fields


def test_a_well_formed_key_is_taken_and_reads_ignore_it() -> None:
    assert idempotency_key("DELETE", "k" * 128) == "k" * 128
    assert idempotency_key("PATCH", "~!") == "~!"
    assert idempotency_key("POST", None) is None
    assert idempotency_key("GET", "has space") is None


def test_every_write_documents_the_header_and_no_read_does() -> None:
    paths = openapi.document()["paths"]
    for route in ROUTES:
        parameters = paths[route.openapi_path][route.method.lower()]["parameters"]
        headers = [p for p in parameters if p["in"] == "header" and p["name"] == "Idempotency-Key"]
        assert len(headers) == (0 if route.method == "GET" else 1), route.rule
        assert all(not p["required"] for p in headers)
        responses = paths[route.openapi_path][route.method.lower()]["responses"]
        assert route.method == "GET" or "422" in responses, route.rule
