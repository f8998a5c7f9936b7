"""Neighbourhoods contracts of a place: its creation, name, description, boundary and opening.
Declared, with the other neighbourhoods contracts, in contracts.neighbourhoods.

A boundary is a GeoJSON geometry (RFC 7946): a Polygon or a MultiPolygon in WGS84 longitude,
latitude order, every ring closed. The schema checks its shape; the neighbourhoods domain checks
the rest (no self-intersection, area, vertex count) before anything is recorded.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from marshmallow import ValidationError, fields, validate

from ..fields import contract_of, count, text

MAX_NAME = 80
MAX_DESCRIPTION = 2000
MAX_NOTE = 500
NAME = validate.Length(min=1, max=MAX_NAME)
DESCRIPTION = validate.Length(max=MAX_DESCRIPTION)
NOTE = validate.Length(min=1, max=MAX_NOTE)
BOUNDARY_TYPES = ("Polygon", "MultiPolygon")


def _ring(ring: Any) -> None:
    if not isinstance(ring, list) or len(ring) < 4:
        raise ValidationError("a ring has at least 4 positions")
    for position in ring:
        if not isinstance(position, list) or len(position) != 2:
            raise ValidationError("a position is [longitude, latitude]")
        lon, lat = position
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in position):
            raise ValidationError("coordinates are numbers")
        if not (math.isfinite(lon) and math.isfinite(lat)):
            raise ValidationError("coordinates are finite numbers")
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ValidationError("longitude is within [-180, 180], latitude within [-90, 90]")
    if ring[0] != ring[-1]:
        raise ValidationError("a ring ends where it starts")


def _polygon(rings: Any) -> None:
    if not isinstance(rings, list) or not rings:
        raise ValidationError("a polygon is a non-empty list of rings")
    for ring in rings:
        _ring(ring)


def validate_boundary(value: Any) -> None:
    """The shape of a stored boundary: a GeoJSON Polygon or MultiPolygon with closed rings."""
    if not isinstance(value, dict) or set(value) != {"type", "coordinates"}:
        raise ValidationError("a boundary is a GeoJSON geometry: {type, coordinates}")
    if value["type"] not in BOUNDARY_TYPES:
        raise ValidationError(f"a boundary is one of {', '.join(BOUNDARY_TYPES)}")
    if value["type"] == "Polygon":
        _polygon(value["coordinates"])
        return
    polygons = value["coordinates"]
    if not isinstance(polygons, list) or not polygons:
        raise ValidationError("a MultiPolygon is a non-empty list of polygons")
    for rings in polygons:
        _polygon(rings)


def boundary_field() -> fields.Dict:
    return fields.Dict(required=True, validate=validate_boundary)


def area_field() -> fields.Float:
    return fields.Float(required=True, validate=validate.Range(min=0, min_inclusive=False))


@dataclass(frozen=True)
class NeighbourhoodCreated:
    """A verified resident founded a neighbourhood around their home. It is `forming` until it
    has enough members (NeighbourhoodOpened). `area_km2` is the boundary's area on the ground.
    The founder's own membership follows as MemberJoined."""

    neighbourhood_id: uuid.UUID
    founder_id: uuid.UUID
    name: str
    description: str
    boundary: dict[str, Any]
    area_km2: float
    created_at: datetime


@dataclass(frozen=True)
class NeighbourhoodRenamed:
    """The founder or a moderator renamed the neighbourhood (actor in the metadata)."""

    neighbourhood_id: uuid.UUID
    name: str
    renamed_at: datetime


@dataclass(frozen=True)
class NeighbourhoodDescriptionChanged:
    """The founder or a moderator rewrote the description (actor in the metadata)."""

    neighbourhood_id: uuid.UUID
    description: str
    changed_at: datetime


@dataclass(frozen=True)
class BoundaryChanged:
    """The boundary was redrawn: at once by the founder or a moderator when the new one covers
    the old, or as an operator approved a proposal (BoundaryChangeApproved just before). A
    member's home may lie outside after an approval (docs/decisions/0006). `reason` is the
    proposer's note about the place (not about a person), shown in the moderation log."""

    neighbourhood_id: uuid.UUID
    boundary: dict[str, Any]
    area_km2: float
    reason: str | None
    changed_at: datetime


@dataclass(frozen=True)
class NeighbourhoodOpened:
    """The neighbourhood reached the number of members it needed and is open; it stays open."""

    neighbourhood_id: uuid.UUID
    members: int
    opened_at: datetime


NEIGHBOURHOOD_CREATED = contract_of(
    "neighbourhoods",
    NeighbourhoodCreated,
    name=text(NAME),
    description=text(DESCRIPTION),
    boundary=boundary_field(),
    area_km2=area_field(),
)
NEIGHBOURHOOD_RENAMED = contract_of("neighbourhoods", NeighbourhoodRenamed, name=text(NAME))
NEIGHBOURHOOD_DESCRIPTION_CHANGED = contract_of(
    "neighbourhoods", NeighbourhoodDescriptionChanged, description=text(DESCRIPTION)
)
BOUNDARY_CHANGED = contract_of(
    "neighbourhoods",
    BoundaryChanged,
    boundary=boundary_field(),
    area_km2=area_field(),
    reason=text(NOTE, nullable=True),
)
NEIGHBOURHOOD_OPENED = contract_of(
    "neighbourhoods", NeighbourhoodOpened, members=count(validate.Range(min=1))
)
