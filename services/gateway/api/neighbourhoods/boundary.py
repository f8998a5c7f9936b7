"""A neighbourhood's boundary in the API: a GeoJSON Polygon or MultiPolygon (or a Feature holding
one), checked for its shape only (type, nesting, numbers, closed rings), so that a malformed one
is a 422 about `boundary` before any service is asked. Whether it is a simple shape of an
acceptable area is the neighbourhoods service's to judge.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from marshmallow import ValidationError, fields


def _positions(depth: int) -> dict[str, Any]:
    """The JSON Schema of `depth` nested lists around [longitude, latitude]: a ring has at
    least 4 positions, a polygon and a multipolygon at least one of what they hold."""
    schema: dict[str, Any] = {
        "type": "array",
        "minItems": 2,
        "maxItems": 2,
        "items": {"type": "number"},
        "description": "[longitude, latitude] in degrees (WGS84)",
    }
    for least in (4, 1, 1)[:depth]:
        schema = {"type": "array", "minItems": least, "items": schema}
    return schema


def _geometry(kind: str, depth: int) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["type", "coordinates"],
        "properties": {"type": {"const": kind}, "coordinates": _positions(depth)},
    }


GEOMETRIES = [_geometry("Polygon", 2), _geometry("MultiPolygon", 3)]
FEATURE = {
    "type": "object",
    "required": ["type", "geometry"],
    "properties": {"type": {"const": "Feature"}, "geometry": {"oneOf": GEOMETRIES}},
}


class Boundary(fields.Field[dict[str, Any]]):
    """A GeoJSON Polygon or MultiPolygon, or a Feature holding one; loads as the bare geometry
    ({type, coordinates}, floats), every other member dropped."""

    def __init__(self, answer: bool = False, **kwargs: Any) -> None:
        described = "GeoJSON Polygon or MultiPolygon, [longitude, latitude] positions"
        if not answer:
            described += " (or a Feature holding one); each ring closed (last = first)"
        shapes = GEOMETRIES if answer else [*GEOMETRIES, FEATURE]
        super().__init__(metadata={"oneOf": shapes, "description": described}, **kwargs)

    def _deserialize(
        self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any
    ) -> dict[str, Any]:
        return geometry(value)


def geometry(value: Any) -> dict[str, Any]:
    """`value` as {type, coordinates}, or ValidationError saying where its shape is wrong."""
    if isinstance(value, dict) and value.get("type") == "Feature":
        value = value.get("geometry")
    if not isinstance(value, dict):
        raise ValidationError("A boundary is a GeoJSON Polygon or MultiPolygon object.")
    kind, coordinates = value.get("type"), value.get("coordinates")
    if kind == "Polygon":
        return {"type": kind, "coordinates": _polygon(coordinates, "coordinates")}
    if kind == "MultiPolygon":
        if not isinstance(coordinates, list) or not coordinates:
            raise ValidationError("coordinates: a MultiPolygon is a list of polygons.")
        polygons = [_polygon(p, f"coordinates[{n}]") for n, p in enumerate(coordinates)]
        return {"type": kind, "coordinates": polygons}
    raise ValidationError("A boundary's type is Polygon or MultiPolygon.")


def _polygon(value: Any, where: str) -> list[list[list[float]]]:
    if not isinstance(value, list) or not value:
        raise ValidationError(f"{where}: a polygon is a list of rings, its outline first.")
    return [_ring(ring, f"{where}[{n}]") for n, ring in enumerate(value)]


def _ring(value: Any, where: str) -> list[list[float]]:
    if not isinstance(value, list) or len(value) < 4:
        raise ValidationError(f"{where}: a ring is a list of at least 4 positions.")
    ring = [_position(p, f"{where}[{n}]") for n, p in enumerate(value)]
    if ring[0] != ring[-1]:
        raise ValidationError(f"{where}: a ring is closed: its last position repeats the first.")
    return ring


def _position(value: Any, where: str) -> list[float]:
    if not isinstance(value, list) or len(value) != 2:
        raise ValidationError(f"{where}: a position is [longitude, latitude].")
    lon, lat = value
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value):
        raise ValidationError(f"{where}: coordinates are numbers.")
    # Compared before float(): a huge JSON integer would not convert.
    if not (-180 <= lon <= 180 and -90 <= lat <= 90) or not all(map(math.isfinite, value)):
        raise ValidationError(f"{where}: longitude is within [-180, 180], latitude [-90, 90].")
    return [float(lon), float(lat)]
