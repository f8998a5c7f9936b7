"""The neighbourhoods routes in the OpenAPI document: every one there, with its query parameters,
its request body (a reason travels in a DELETE's body, never in its URL) and its refusals."""

from __future__ import annotations

from typing import Any

import pytest

import services.gateway.service  # noqa: F401  (declares the routes)
from services.gateway.http import openapi

HOOD = "/api/v1/neighbourhoods/{neighbourhood_id}"


@pytest.fixture(scope="module")
def paths() -> dict[str, Any]:
    found: dict[str, Any] = openapi.document()["paths"]
    return found


def test_every_neighbourhoods_endpoint_is_documented(paths: dict[str, Any]) -> None:
    expected = {
        ("get", "/api/v1/neighbourhoods"),
        ("post", "/api/v1/neighbourhoods"),
        ("get", HOOD),
        ("patch", HOOD),
        ("get", f"{HOOD}/members"),
        ("post", f"{HOOD}/members"),
        ("delete", f"{HOOD}/members/me"),
        ("delete", f"{HOOD}/members/{{resident_id}}"),
        ("get", f"{HOOD}/moderation-log"),
        ("post", f"{HOOD}/moderators"),
        ("delete", f"{HOOD}/moderators/{{resident_id}}"),
        ("post", f"{HOOD}/moderator-offer/accept"),
        ("post", f"{HOOD}/moderator-offer/decline"),
        ("post", f"{HOOD}/rejoin-requests"),
        ("post", f"{HOOD}/rejoin-requests/{{resident_id}}/approve"),
    }
    found = {(method, path) for path, operations in paths.items() for method in operations}
    assert expected <= found


def test_finding_documents_lat_lon_and_after_as_query_parameters(paths: dict[str, Any]) -> None:
    parameters = paths["/api/v1/neighbourhoods"]["get"]["parameters"]
    query = {p["name"]: p for p in parameters if p["in"] == "query"}
    assert set(query) == {"lat", "lon", "after"}
    assert (query["lat"]["schema"]["minimum"], query["lon"]["schema"]["maximum"]) == (-90, 180)
    assert not any(p["required"] for p in query.values())


def test_a_removal_carries_its_reason_in_a_json_body(paths: dict[str, Any]) -> None:
    removal = paths[f"{HOOD}/members/{{resident_id}}"]["delete"]
    schema = removal["requestBody"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/MemberRemoval"}
    assert "requestBody" not in paths[f"{HOOD}/members/me"]["delete"]


def test_members_only_reads_document_403(paths: dict[str, Any]) -> None:
    for path in (f"{HOOD}/members", f"{HOOD}/moderation-log"):
        assert {"200", "403", "404"} <= set(paths[path]["get"]["responses"])
    join = paths[f"{HOOD}/members"]["post"]["responses"]
    assert {"201", "403", "409", "422", "429"} <= set(join)


def test_a_boundary_is_documented_as_geojson(paths: dict[str, Any]) -> None:
    document = openapi.document()
    boundary = document["components"]["schemas"]["NeighbourhoodCreation"]["properties"]["boundary"]
    kinds = {shape["properties"]["type"]["const"] for shape in boundary["oneOf"]}
    assert kinds == {"Polygon", "MultiPolygon", "Feature"}
    error = document["components"]["schemas"]["ErrorDetail"]["properties"]
    assert "details" in error


def test_each_neighbourhood_found_documents_its_status() -> None:
    found = openapi.document()["components"]["schemas"]["NeighbourhoodFound"]
    assert found["properties"]["status"]["enum"] == ["forming", "open"]
    assert "status" in found["required"]
