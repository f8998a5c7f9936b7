"""The neighbourhoods routes' bodies: a boundary's GeoJSON shape is checked field by field before
any service is asked, query parameters go together, answers are cut to what is documented."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from marshmallow import Schema

from services.gateway.api.neighbourhoods import schemas as hood
from services.gateway.http import bodies
from services.gateway.http.errors import ApiError

RING = [
    [4.8615, 46.6612],
    [4.8675, 46.6612],
    [4.8675, 46.6626],
    [4.8615, 46.6626],
    [4.8615, 46.6612],
]
POLYGON = {"type": "Polygon", "coordinates": [RING]}


def refused_fields(schema: type[Schema], data: Any) -> dict[str, list[str]]:
    with pytest.raises(ApiError) as caught:
        bodies.load(schema, data)
    assert (caught.value.status, caught.value.code) == (422, "validation_failed")
    return caught.value.fields or {}


def creation(boundary: Any) -> dict[str, Any]:
    return {"name": "La Paix", "description": "Entre voisins", "boundary": boundary}


def test_a_polygon_loads_as_its_bare_geometry_with_float_coordinates() -> None:
    given = {**POLYGON, "bbox": [0, 0, 1, 1], "coordinates": [[[4, 46], [5, 46], [5, 47], [4, 46]]]}
    loaded = bodies.load(hood.NeighbourhoodCreation, creation(given))
    assert loaded["boundary"] == {
        "type": "Polygon",
        "coordinates": [[[4.0, 46.0], [5.0, 46.0], [5.0, 47.0], [4.0, 46.0]]],
    }
    assert all(isinstance(v, float) for v in loaded["boundary"]["coordinates"][0][1])


def test_a_feature_holding_a_multipolygon_loads_as_the_multipolygon() -> None:
    multi = {"type": "MultiPolygon", "coordinates": [[RING], [RING]]}
    feature = {"type": "Feature", "properties": {"name": "x"}, "geometry": multi}
    loaded = bodies.load(hood.NeighbourhoodCreation, creation(feature))
    assert loaded["boundary"] == multi


def test_the_description_may_be_left_out() -> None:
    loaded = bodies.load(hood.NeighbourhoodCreation, {"name": "La Paix", "boundary": POLYGON})
    assert loaded["description"] == ""


def broken(path: tuple[int, ...], value: Any) -> dict[str, Any]:
    """POLYGON with coordinates[path] set to `value`."""
    shape: dict[str, Any] = copy.deepcopy(POLYGON)
    target: Any = shape["coordinates"]
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return shape


@pytest.mark.parametrize(
    ("boundary", "said"),
    [
        ("POLYGON((0 0, 1 0, 1 1, 0 0))", "GeoJSON"),
        ({"type": "Point", "coordinates": [4.86, 46.66]}, "Polygon or MultiPolygon"),
        ({"type": "Feature", "geometry": None}, "GeoJSON"),
        ({"type": "Polygon"}, "coordinates"),
        ({"type": "Polygon", "coordinates": []}, "list of rings"),
        ({"type": "MultiPolygon", "coordinates": [RING]}, "coordinates[0][0]"),
        ({"type": "MultiPolygon", "coordinates": []}, "list of polygons"),
        (broken((0,), RING[:3]), "at least 4 positions"),
        (broken((0, 2), [4.86, 46.66, 12.0]), "coordinates[0][2]"),
        (broken((0, 2), ["4.86", 46.66]), "numbers"),
        (broken((0, 2), [True, 46.66]), "numbers"),
        (broken((0, 2), [4.86, 91]), "latitude"),
        (broken((0, 2), [-181, 46.66]), "longitude"),
        (broken((0, 2), [float("nan"), 46.66]), "longitude"),
        (broken((0, 2), [10**400, 46.66]), "longitude"),
        (broken((0, 4), [4.8615, 46.0]), "closed"),
    ],
)
def test_a_malformed_boundary_is_refused_about_the_boundary_field(boundary: Any, said: str) -> None:
    fields = refused_fields(hood.NeighbourhoodCreation, creation(boundary))
    assert list(fields) == ["boundary"]
    assert said in " ".join(fields["boundary"])


def test_a_name_is_required_and_not_blank_nor_too_long() -> None:
    assert set(refused_fields(hood.NeighbourhoodCreation, {"boundary": POLYGON})) == {"name"}
    for name in ("   ", "x" * 81):
        assert set(
            refused_fields(hood.NeighbourhoodCreation, creation(POLYGON) | {"name": name})
        ) == {"name"}


def test_unknown_fields_are_refused() -> None:
    fields = refused_fields(hood.NeighbourhoodCreation, creation(POLYGON) | {"colour": "red"})
    assert set(fields) == {"colour"}


def test_a_change_names_something_to_change() -> None:
    assert set(refused_fields(hood.NeighbourhoodChange, {})) == {"_body"}
    assert bodies.load(hood.NeighbourhoodChange, {"name": "Les Tilleuls"}) == {
        "name": "Les Tilleuls"
    }


def test_a_reason_goes_with_a_new_boundary_only() -> None:
    assert set(refused_fields(hood.NeighbourhoodChange, {"name": "X", "reason": "why"})) == {
        "reason"
    }
    loaded = bodies.load(hood.NeighbourhoodChange, {"boundary": POLYGON, "reason": "the school"})
    assert (loaded["boundary"], loaded["reason"]) == (POLYGON, "the school")


def test_a_removal_says_why() -> None:
    assert set(refused_fields(hood.MemberRemoval, {})) == {"reason"}
    assert set(refused_fields(hood.MemberRemoval, {"reason": " "})) == {"reason"}
    assert set(refused_fields(hood.MemberRemoval, {"reason": "x" * 501})) == {"reason"}
    assert bodies.load(hood.MemberRemoval, {"reason": "Spam"}) == {"reason": "Spam"}


def test_a_rejoin_request_may_be_empty() -> None:
    assert bodies.load(hood.RejoinRequest, {}) == {"message": None}


def test_an_appointment_names_a_resident_by_uuid() -> None:
    assert set(refused_fields(hood.ModeratorAppointment, {"resident_id": "me"})) == {"resident_id"}


@pytest.mark.parametrize(
    ("query", "wrong"),
    [
        ({"lat": "46.66"}, {"lon"}),
        ({"lon": "4.86"}, {"lat"}),
        ({"lat": "91", "lon": "4.86"}, {"lat"}),
        ({"lat": "nan", "lon": "4.86"}, {"lat"}),
        ({"lat": "46.66", "lon": "1e400"}, {"lon"}),
        ({"lat": "north", "lon": "4.86"}, {"lat"}),
        ({"lat": "46.66", "lon": "4.86", "radius": "5"}, {"radius"}),
    ],
)
def test_lat_and_lon_go_together_within_their_ranges(
    query: dict[str, str], wrong: set[str]
) -> None:
    assert set(refused_fields(hood.NeighbourhoodsAround, query)) == wrong


def test_a_place_or_nothing_is_a_valid_query() -> None:
    assert bodies.load(hood.NeighbourhoodsAround, {}) == {}
    place = bodies.load(hood.NeighbourhoodsAround, {"lat": "46.662", "lon": "4.864"})
    assert place == {"lat": 46.662, "lon": 4.864}


def test_an_answer_is_cut_to_what_its_schema_documents() -> None:
    answer = {
        "neighbourhood_id": "5f0c0000-0000-4000-8000-000000000001",
        "name": "La Paix",
        "boundary": POLYGON,
        "member_count": 2,
        "member": True,
        "founder": {"resident_id": "5f0c0000-0000-4000-8000-000000000002", "display_name": None},
        "viewer": {
            "role": "member",
            "since": "2026-01-01T00:00:00+00:00",
            "moderator_offer": False,
        },
        "rejoin_requests": [{"resident_id": "x", "message": None, "internal": 1}],
        "home": [4.86, 46.66],
    }
    shown = hood.shown(hood.Neighbourhood, answer)
    assert "home" not in shown
    assert shown["founder"] == answer["founder"]
    assert shown["viewer"] == answer["viewer"]
    assert shown["rejoin_requests"] == [{"resident_id": "x", "message": None}]
    assert hood.shown(hood.NeighbourhoodMember, [{"address": None, "x": 1}]) == [{"address": None}]


def test_a_search_result_keeps_its_status() -> None:
    answer = {
        "neighbourhood_id": "5f0c0000-0000-4000-8000-000000000003",
        "name": "La Paix",
        "boundary": POLYGON,
        "member_count": 1,
        "status": "forming",
        "contains": True,
        "distance_m": 0,
        "description": "members only",
    }
    shown = hood.shown(hood.NeighbourhoodFound, [answer])
    assert shown == [{k: v for k, v in answer.items() if k != "description"}]
