"""Checking boundaries: shapes refused and why, areas on the ground, homes inside or outside."""

from __future__ import annotations

import math
from typing import Any

import pytest

from neighbourhoods.domain.errors import BoundaryTooLarge, BoundaryTooSmall, InvalidBoundary
from neighbourhoods.domain.geometry import BoundaryLimits, Point, area_km2, check_boundary
from tests.unit.neighbourhoods import HOME, LIMITS, east, north, ring, square

A, F = 6_378_137.0, 1 / 298.257223563


def exact_rectangle_km2(lon0: float, lat0: float, lon1: float, lat1: float) -> float:
    """The area between two meridians and two parallels on the WGS84 ellipsoid, in closed form."""
    e2 = F * (2 - F)
    e = math.sqrt(e2)

    def zone(lat: float) -> float:
        s = math.sin(math.radians(lat))
        return (A * A * (1 - e2) / 2) * (
            s / (1 - e2 * s * s) + math.log((1 + e * s) / (1 - e * s)) / (2 * e)
        )

    return math.radians(lon1 - lon0) * (zone(lat1) - zone(lat0)) / 1e6


def rectangle(lon0: float, lat0: float, lon1: float, lat1: float) -> dict[str, Any]:
    coords = [[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]
    return {"type": "Polygon", "coordinates": [coords]}


@pytest.mark.parametrize(
    ("lat", "dlon", "dlat"),
    [
        (48.85, 0.01, 0.01),  # Paris, about 0.8 km²
        (43.3, 0.05, 0.04),  # Marseille, about 18 km²
        (0.0, 0.001, 0.001),  # the equator, about 0.012 km²
        (-33.9, 0.002, 0.03),  # a long thin strip
        (69.6, 0.1, 0.02),  # Tromsø, where a degree of longitude is short
    ],
)
def test_area_on_the_ground_agrees_with_the_ellipsoid_to_a_ten_thousandth(
    lat: float, dlon: float, dlat: float
) -> None:
    boundary = check_boundary(rectangle(2.0, lat, 2.0 + dlon, lat + dlat), BoundaryLimits(0, 100))
    exact = exact_rectangle_km2(2.0, lat, 2.0 + dlon, lat + dlat)
    assert boundary.area_km2 == pytest.approx(exact, rel=1e-4)


def test_a_square_kilometre_measures_one_square_kilometre() -> None:
    # The builder steps in spherical metres; the ellipsoid differs by a few thousandths here.
    assert check_boundary(square(HOME, 500), LIMITS).area_km2 == pytest.approx(1.0, rel=5e-3)


def test_a_bowtie_crossing_itself_is_refused_saying_where() -> None:
    a, b = east(HOME, 600), north(HOME, 600)
    c = east(north(HOME, 600), 600)
    bowtie = [[HOME.lon, HOME.lat], [c.lon, c.lat], [a.lon, a.lat], [b.lon, b.lat]]
    geojson = {"type": "Polygon", "coordinates": [[*bowtie, bowtie[0]]]}
    with pytest.raises(InvalidBoundary, match="Self-intersection"):
        check_boundary(geojson, LIMITS)


def test_too_small_and_too_large_name_the_area_and_the_limit() -> None:
    with pytest.raises(BoundaryTooSmall) as small:
        check_boundary(square(HOME, 40), LIMITS)  # 0.0064 km²
    assert small.value.area_km2 == pytest.approx(0.0064, rel=1e-2)
    assert small.value.minimum_km2 == 0.01
    with pytest.raises(BoundaryTooLarge) as large:
        check_boundary(square(HOME, 2600), LIMITS)  # 27 km²
    assert large.value.maximum_km2 == 25
    assert isinstance(large.value, InvalidBoundary)


def test_limits_hold_at_their_edge() -> None:
    check_boundary(square(HOME, 2490), LIMITS)  # 24.8 km²
    check_boundary(square(HOME, 51), LIMITS)  # 0.0104 km²


@pytest.mark.parametrize(
    ("position", "says"),
    [
        ([181.0, 48.0], "longitude is within"),
        ([2.0, -91.0], "latitude within"),
        ([2.0, math.nan], "finite"),
        ([2.0, math.inf], "finite"),
        (["2.0", 48.0], "numbers"),
        ([True, 48.0], "numbers"),
        ([2.0], "position is"),
        ([2.0, 48.0, 35.0], "position is"),
    ],
)
def test_bad_coordinates_are_refused(position: list[Any], says: str) -> None:
    coords = ring(HOME, 500)
    coords[1] = position
    with pytest.raises(InvalidBoundary, match=says):
        check_boundary({"type": "Polygon", "coordinates": [coords]}, LIMITS)


def test_an_unclosed_ring_is_refused() -> None:
    coords = [*ring(HOME, 500)[:-1], [HOME.lon, HOME.lat]]
    with pytest.raises(InvalidBoundary, match="not closed"):
        check_boundary({"type": "Polygon", "coordinates": [coords]}, LIMITS)


@pytest.mark.parametrize(
    "geojson",
    [
        None,
        "POLYGON((0 0, 1 0, 1 1, 0 0))",
        {"type": "Point", "coordinates": [2.35, 48.85]},
        {"type": "Polygon", "coordinates": []},
        {"type": "Polygon", "coordinates": [[[2.35, 48.85], [2.36, 48.85], [2.35, 48.85]]]},
        {"type": "MultiPolygon", "coordinates": []},
        {"type": "Polygon"},
    ],
)
def test_what_is_not_a_polygon_is_refused(geojson: Any) -> None:
    with pytest.raises(InvalidBoundary):
        check_boundary(geojson, LIMITS)


def test_too_many_vertices_are_refused_before_any_geometry_is_built() -> None:
    many = [[HOME.lon + i * 1e-6, HOME.lat] for i in range(3000)]
    with pytest.raises(InvalidBoundary, match="too many vertices"):
        check_boundary({"type": "Polygon", "coordinates": [many]}, LIMITS)
    with pytest.raises(InvalidBoundary, match="too many vertices"):
        check_boundary(square(), BoundaryLimits(max_vertices=4))


def test_a_home_in_a_hole_is_outside_and_the_hole_is_not_counted_in_the_area() -> None:
    holed = {"type": "Polygon", "coordinates": [ring(HOME, 1000), ring(HOME, 200)]}
    boundary = check_boundary(holed, LIMITS)
    assert boundary.area_km2 == pytest.approx(4.0 - 0.16, rel=5e-3)
    assert not boundary.covers(HOME)
    assert boundary.distance_m(HOME) == pytest.approx(200, abs=1)
    assert boundary.covers(north(HOME, 500))


def test_a_hole_outside_its_outline_is_refused() -> None:
    stray = {"type": "Polygon", "coordinates": [ring(HOME, 500), ring(north(HOME, 3000), 100)]}
    with pytest.raises(InvalidBoundary, match="not a simple shape"):
        check_boundary(stray, LIMITS)


def test_a_multipolygon_covers_each_part_and_adds_their_areas() -> None:
    far = east(HOME, 3000)
    multi = {"type": "MultiPolygon", "coordinates": [[ring(HOME, 500)], [ring(far, 500)]]}
    boundary = check_boundary(multi, LIMITS)
    assert boundary.area_km2 == pytest.approx(2.0, rel=5e-3)
    assert boundary.covers(HOME) and boundary.covers(far)
    assert not boundary.covers(east(HOME, 1500))


def test_overlapping_parts_of_a_multipolygon_are_refused() -> None:
    overlapping = {
        "type": "MultiPolygon",
        "coordinates": [[ring(HOME, 500)], [ring(east(HOME, 300), 500)]],
    }
    with pytest.raises(InvalidBoundary):
        check_boundary(overlapping, LIMITS)


def test_a_feature_is_read_for_its_geometry_and_stored_as_plain_geojson() -> None:
    feature = {"type": "Feature", "properties": {"name": "x"}, "geometry": square()}
    boundary = check_boundary(feature, LIMITS)
    assert boundary.geojson == square()
    assert set(boundary.geojson) == {"type", "coordinates"}


def test_integer_coordinates_are_stored_as_floats() -> None:
    coords = [[2, 48], [2.01, 48], [2.01, 48.01], [2, 48.01], [2, 48]]
    boundary = check_boundary({"type": "Polygon", "coordinates": [coords]}, LIMITS)
    assert all(isinstance(v, float) for p in boundary.geojson["coordinates"][0] for v in p)


def test_a_home_on_the_edge_is_inside_and_distance_outside_is_in_metres() -> None:
    boundary = check_boundary(square(HOME, 500), LIMITS)
    assert boundary.covers(north(HOME, 500))
    assert boundary.distance_m(HOME) == 0.0
    assert boundary.distance_m(north(HOME, 1500)) == pytest.approx(1000, rel=5e-3)
    assert boundary.distance_m(east(HOME, 800)) == pytest.approx(300, rel=5e-3)


def test_area_of_a_recorded_shape_uses_its_own_centre() -> None:
    boundary = check_boundary(square(Point(-70.0, -20.0), 1000), LIMITS)
    assert area_km2(boundary.shape) == pytest.approx(4.0, rel=5e-3)
