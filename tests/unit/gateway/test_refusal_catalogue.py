"""Every refusal a context declares (contracts.refusals.catalogue()) reaches a client as declared:
the gateway answers its status, its client code and its field, and the OpenAPI document lists it
on a route that can answer it. The gateway's own codes are declared once too (GATEWAY)."""

from __future__ import annotations

import functools
from typing import Any

import pytest

import services.gateway.service  # noqa: F401  (declares the routes)
from contracts.refusals import COMMON, Refusal, catalogue
from services.gateway.http import openapi
from services.gateway.http.errors import GATEWAY, ApiError
from services.gateway.http.refusals import api_error
from services.gateway.http.routing import ROUTES
from services.gateway.remote import Refusal as Refused

CATALOGUE = catalogue()
# Refused by a service, but by no request of the API: only the ops command line grants roles and
# deletes decided proof documents, the /ops/proofs routes take a document from the queue (never
# one no longer under review) and check a reason's length themselves, the API turns "remove
# myself" into leaving (docs/decisions/0013), and the neighbourhoods door answers an unknown
# neighbourhood as not_found.
NOT_THROUGH_THE_API = {
    "cannot_remove_yourself",
    "not_allowed",
    "document_not_under_review",
    "document_retention_not_over",
    "document_still_under_review",
    "reason_too_long",
    "role_is_platform_wide",
    "role_needs_neighbourhood",
    "unknown_role",
    "unknown_neighbourhood",
}


@functools.cache
def listed() -> dict[str, set[str]]:
    """Each refusal code the document lists, with the operations that list it."""
    found: dict[str, set[str]] = {}
    for path, operations in openapi.build(ROUTES)["paths"].items():
        for method, operation in operations.items():
            for status, response in operation.get("responses", {}).items():
                for refusal in response.get("x-refusals", []):
                    assert refusal["code"], (path, method, status)
                    found.setdefault(refusal["refusal"], set()).add(f"{method} {path} {status}")
    return found


def answered(refusal: Refusal, details: dict[str, Any] | None = None) -> ApiError:
    """The error a route answers when its service refuses with `refusal`."""
    remote = Refused(refusal.code, "a log message", details or {})
    return api_error(remote.code, remote.details, {})


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_the_gateway_answers_each_refusal_with_its_status_code_and_field(code: str) -> None:
    refusal = CATALOGUE[code]
    error = answered(refusal)
    assert (error.status, error.code) == (refusal.status, refusal.answered_code)
    if refusal.field is None:
        assert not error.fields
    else:
        assert error.fields is not None and list(error.fields) == [refusal.field]
    assert error.message.startswith(refusal.text())


@pytest.mark.parametrize("code", sorted(set(CATALOGUE) - NOT_THROUGH_THE_API))
def test_the_openapi_document_lists_each_refusal_on_a_route_that_answers_it(code: str) -> None:
    where = listed().get(code, set())
    assert where, f"no route declares the refusal {code!r}"
    status = str(CATALOGUE[code].status)
    assert all(place.endswith(f" {status}") for place in where), where


def test_a_refusal_said_to_be_outside_the_api_is_not_listed_there() -> None:
    outside = NOT_THROUGH_THE_API - set(COMMON)
    assert outside <= set(CATALOGUE)
    assert not outside & set(listed())


def test_the_gateway_declares_its_own_codes_once_and_apart_from_the_contexts() -> None:
    assert not set(GATEWAY) & set(CATALOGUE)
    for refusal in GATEWAY.values():
        assert refusal.text().endswith("."), refusal.code
