"""The OpenAPI document: a valid 3.1 document, generated from the declared routes, that
documents bodies, answers, every error status, `after`, and the security schemes."""

from __future__ import annotations

from typing import Any

import pytest
from openapi_spec_validator import validate

import services.gateway.service  # noqa: F401  (declares the routes)
from services.gateway.http import openapi
from services.gateway.http.routing import ROUTES, Route
from services.gateway.http.schemas import Positioned


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return openapi.document()


def test_the_document_is_valid_openapi_3_1(document: dict[str, Any]) -> None:
    assert document["openapi"] == "3.1.0"
    validate(document)


def test_every_declared_route_is_documented(document: dict[str, Any]) -> None:
    for route in ROUTES:
        assert route.method.lower() in document["paths"][route.openapi_path], route.rule


def test_the_issues_endpoints_are_there(document: dict[str, Any]) -> None:
    expected = {
        ("post", "/api/v1/residents"),
        ("post", "/api/v1/sessions"),
        ("delete", "/api/v1/sessions/current"),
        ("get", "/api/v1/me"),
        ("patch", "/api/v1/me"),
        ("put", "/api/v1/me/password"),
        ("put", "/api/v1/me/address"),
        ("post", "/api/v1/me/address/verification"),
        ("post", "/api/v1/me/address/proof"),
        ("post", "/api/v1/residents/{resident_id}/vouches"),
        ("get", "/api/v1/me/export"),
        ("delete", "/api/v1/me"),
        ("get", "/api/v1/openapi.json"),
    }
    found = {(m, p) for p, ops in document["paths"].items() for m in ops}
    assert expected <= found


def test_errors_are_documented_with_the_error_shape(document: dict[str, Any]) -> None:
    sign_up = document["paths"]["/api/v1/residents"]["post"]["responses"]
    assert {"201", "400", "409", "413", "415", "422", "429", "500", "503"} <= set(sign_up)
    assert sign_up["422"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    assert "Retry-After" in sign_up["429"]["headers"]
    me = document["paths"]["/api/v1/me"]["get"]["responses"]
    assert {"200", "401", "422", "503"} <= set(me)


def test_authenticated_routes_take_a_bearer_token_or_the_cookie_with_csrf(
    document: dict[str, Any],
) -> None:
    schemes = document["components"]["securitySchemes"]
    assert schemes["bearer"] == {"type": "http", "scheme": "bearer"}
    assert schemes["cookie"]["in"] == "cookie"
    paths = document["paths"]
    assert paths["/api/v1/me"]["patch"]["security"] == [{"bearer": []}, {"cookie": [], "csrf": []}]
    assert paths["/api/v1/me"]["get"]["security"] == [{"bearer": []}, {"cookie": []}]
    assert paths["/api/v1/residents"]["post"]["security"] == []


def test_every_get_accepts_after(document: dict[str, Any]) -> None:
    for path, operations in document["paths"].items():
        if "get" in operations:
            names = [p["name"] for p in operations["get"]["parameters"]]
            assert "after" in names, path


def test_request_bodies_come_from_the_schemas_that_validate_them(document: dict[str, Any]) -> None:
    body = document["paths"]["/api/v1/residents"]["post"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"]
    component = document["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert set(component["required"]) == {"email", "password", "display_name"}
    proof = document["paths"]["/api/v1/me/address/proof"]["post"]["requestBody"]
    assert "multipart/form-data" in proof["content"]


def test_a_route_declared_later_appears_without_more_work() -> None:
    later = Route(
        "POST",
        "/neighbourhoods/<uuid:neighbourhood_id>/members",
        "Join",
        201,
        Positioned,
        capability="neighbourhoods",
        tag="neighbourhoods",
        errors=(403,),
    )
    document = openapi.build([*ROUTES, later])
    validate(document)
    op = document["paths"]["/api/v1/neighbourhoods/{neighbourhood_id}/members"]["post"]
    assert op["parameters"][0]["name"] == "neighbourhood_id"
    assert {"201", "401", "403", "404", "503"} <= set(op["responses"])


def test_a_redrawn_boundary_answers_200_applied_or_202_proposed_and_operators_decide(
    document: dict[str, Any],
) -> None:
    patch = document["paths"]["/api/v1/neighbourhoods/{neighbourhood_id}"]["patch"]
    assert {"200", "202", "429"} <= set(patch["responses"])
    assert "boundary_excludes_members" not in str(document)
    ops = document["paths"]
    assert "get" in ops["/api/v1/ops/boundary-proposals"]
    assert "post" in ops["/api/v1/ops/boundary-proposals/{proposal_id}/decision"]


def test_every_authenticated_route_and_every_get_may_answer_429(document: dict[str, Any]) -> None:
    for route in ROUTES:
        if route.auth or route.method == "GET":
            answers = document["paths"][route.openapi_path][route.method.lower()]["responses"]
            assert "Retry-After" in answers["429"]["headers"], f"{route.method} {route.path}"


def test_request_text_says_its_rules(document: dict[str, Any]) -> None:
    register = document["components"]["schemas"]["RegisterRequest"]["properties"]
    assert "NFC" in register["display_name"]["description"]
    assert "letter" in register["display_name"]["description"]
    assert "NFC" not in register["password"]["description"]
    assert (
        "json_too_deep"
        in document["paths"]["/api/v1/residents"]["post"]["responses"]["400"]["description"]
    )
