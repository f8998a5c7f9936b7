"""Boundaries on the ground: checking a GeoJSON Polygon or MultiPolygon, its area in km², whether
a home lies inside and how far outside it is. Pure computation (shapely), no I/O.

Coordinates are WGS84 [longitude, latitude], as GeoJSON has them. Containment is decided on
those coordinates; areas and distances in metres in a local projection about the shape (or the
point), scaled by the WGS84 ellipsoid's radii of curvature there (docs/decisions/0005).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from contracts.neighbourhoods.refusals import (
    BOUNDARY_TOO_LARGE,
    BOUNDARY_TOO_SMALL,
    INVALID_BOUNDARY,
)
from neighbourhoods.domain.errors import BoundaryTooLarge, BoundaryTooSmall, InvalidBoundary

SEMI_MAJOR_M = 6_378_137.0
FLATTENING = 1 / 298.257223563
E2 = FLATTENING * (2 - FLATTENING)


class Point(NamedTuple):
    """A place in WGS84: longitude first, as in GeoJSON."""

    lon: float
    lat: float


@dataclass(frozen=True)
class BoundaryLimits:
    """By default the refusals' limits (contracts/neighbourhoods/refusals.py), which the web
    client reads too."""

    min_area_km2: float = float(BOUNDARY_TOO_SMALL.limits["min_area_km2"])
    max_area_km2: float = float(BOUNDARY_TOO_LARGE.limits["max_area_km2"])
    max_vertices: int = int(INVALID_BOUNDARY.limits["max_vertices"])


@dataclass(frozen=True)
class Boundary:
    """A checked boundary: canonical GeoJSON (floats, no extra members), its shape in lon/lat
    and its area on the ground."""

    geojson: dict[str, Any]
    area_km2: float
    shape: BaseGeometry = field(compare=False, repr=False)

    def covers(self, point: Point) -> bool:
        """True when `point` is inside or on the boundary's edge (a hole is outside)."""
        return bool(shapely.covers(self.shape, shapely.Point(point.lon, point.lat)))

    def distance_m(self, point: Point) -> float:
        """Metres from `point` to the nearest part of the boundary (0 inside)."""
        if self.covers(point):
            return 0.0
        local = shapely.transform(self.shape, _projection(point.lon, point.lat))
        return float(local.distance(shapely.Point(0.0, 0.0)))


def check_boundary(value: Any, limits: BoundaryLimits) -> Boundary:
    """`value` as a Boundary, or InvalidBoundary (BoundaryTooSmall, BoundaryTooLarge) saying
    why not. Accepts a GeoJSON geometry or a Feature holding one."""
    if isinstance(value, dict) and value.get("type") == "Feature":
        value = value.get("geometry")
    if not isinstance(value, dict) or not isinstance(value.get("type"), str):
        raise InvalidBoundary("a boundary is a GeoJSON Polygon or MultiPolygon")
    kind, coordinates = value["type"], value.get("coordinates")
    budget = [limits.max_vertices]
    if kind == "Polygon":
        polygons = [_rings(coordinates, budget)]
    elif kind == "MultiPolygon":
        if not isinstance(coordinates, list) or not coordinates:
            raise InvalidBoundary("a MultiPolygon has at least one polygon")
        polygons = [_rings(rings, budget) for rings in coordinates]
    else:
        raise InvalidBoundary("a boundary is a GeoJSON Polygon or MultiPolygon")
    shape = _shape(polygons)
    area = area_km2(shape)
    if area < limits.min_area_km2:
        raise BoundaryTooSmall(area, limits.min_area_km2)
    if area > limits.max_area_km2:
        raise BoundaryTooLarge(area, limits.max_area_km2)
    coords: Any = polygons[0] if kind == "Polygon" else polygons
    return Boundary({"type": kind, "coordinates": coords}, area, shape)


def boundary_of(geojson: dict[str, Any]) -> Boundary:
    """A boundary as recorded (checked when it was recorded): no limits applied again."""
    return check_boundary(geojson, BoundaryLimits(0.0, math.inf, 10**9))


def area_km2(shape: BaseGeometry) -> float:
    centre = shape.centroid
    return float(shapely.transform(shape, _projection(centre.x, centre.y)).area) / 1e6


Rings = list[list[list[float]]]


def _rings(value: Any, budget: list[int]) -> Rings:
    if not isinstance(value, list) or not value:
        raise InvalidBoundary("a polygon is a list of rings: its outline, then any holes")
    return [_ring(ring, n, budget) for n, ring in enumerate(value)]


def _ring(value: Any, n: int, budget: list[int]) -> list[list[float]]:
    what = "the outline" if n == 0 else f"hole {n}"
    if not isinstance(value, list) or len(value) < 4:
        raise InvalidBoundary(
            f"{what} needs at least 4 positions, the last one repeating the first"
        )
    budget[0] -= len(value)
    if budget[0] < 0:
        raise InvalidBoundary("too many vertices: simplify the boundary")
    ring = [_position(p) for p in value]
    if ring[0] != ring[-1]:
        raise InvalidBoundary(f"{what} is not closed: its last position must repeat the first")
    return ring


def _position(value: Any) -> list[float]:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise InvalidBoundary("a position is [longitude, latitude]")
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value):
        raise InvalidBoundary("coordinates are numbers")
    lon, lat = float(value[0]), float(value[1])
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise InvalidBoundary("coordinates are finite numbers")
    if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
        raise InvalidBoundary("longitude is within [-180, 180] and latitude within [-90, 90]")
    return [lon, lat]


def _shape(polygons: list[Rings]) -> BaseGeometry:
    parts = [Polygon(rings[0], rings[1:]) for rings in polygons]
    shape: BaseGeometry = parts[0] if len(parts) == 1 else MultiPolygon(parts)
    if not shapely.is_valid(shape):
        # GEOS names the problem and where it is: "Self-intersection[2.35 48.85]".
        raise InvalidBoundary(f"not a simple shape ({shapely.is_valid_reason(shape)})")
    return shape


def _projection(lon0: float, lat0: float) -> Callable[[NDArray[np.float64]], NDArray[np.float64]]:
    """Degrees about (lon0, lat0) to metres east and north, with the ellipsoid's meridian and
    prime-vertical radii of curvature at lat0."""
    phi = math.radians(lat0)
    w = 1 - E2 * math.sin(phi) ** 2
    meridian = SEMI_MAJOR_M * (1 - E2) / w**1.5
    prime_vertical = SEMI_MAJOR_M / math.sqrt(w)
    kx = math.radians(1) * prime_vertical * math.cos(phi)
    ky = math.radians(1) * meridian

    def project(xy: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.column_stack(((xy[:, 0] - lon0) * kx, (xy[:, 1] - lat0) * ky))

    return project
