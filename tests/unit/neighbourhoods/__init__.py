"""Given/when/then on events for the neighbourhoods domain, and builders of places and events.

given(*founded(nid, founder)).when(JoinNeighbourhood(...)).then(MemberJoined(...))
given(...).when(LeaveNeighbourhood(...)).refused(NotAMember)
"""

from __future__ import annotations

import math
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from contracts.neighbourhoods.events import MemberJoined, ModeratorAppointed, NeighbourhoodCreated
from neighbourhoods.commands import VerifiedHome
from neighbourhoods.domain.decide import decide
from neighbourhoods.domain.geometry import BoundaryLimits, Point, boundary_of
from neighbourhoods.domain.neighbourhood import Neighbourhood, fold, join_id_for
from tests.support.scenarios import scenarios

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
HOME = Point(lon=2.3499, lat=48.8530)
LIMITS = BoundaryLimits()
METRES_PER_DEGREE_LAT = 111_195.0


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


def north(point: Point, metres: float) -> Point:
    return Point(point.lon, point.lat + metres / METRES_PER_DEGREE_LAT)


def east(point: Point, metres: float) -> Point:
    scale = METRES_PER_DEGREE_LAT * math.cos(math.radians(point.lat))
    return Point(point.lon + metres / scale, point.lat)


def ring(centre: Point, half_m: float) -> list[list[float]]:
    """A closed square ring of side 2 * half_m metres about `centre`, anticlockwise."""
    sw = east(north(centre, -half_m), -half_m)
    ne = east(north(centre, half_m), half_m)
    return [
        [sw.lon, sw.lat],
        [ne.lon, sw.lat],
        [ne.lon, ne.lat],
        [sw.lon, ne.lat],
        [sw.lon, sw.lat],
    ]


def square(centre: Point = HOME, half_m: float = 500.0) -> dict[str, Any]:
    """A GeoJSON Polygon: a square about `centre` (1 km² by default)."""
    return {"type": "Polygon", "coordinates": [ring(centre, half_m)]}


def home(point: Point = HOME, verified_at: datetime = T0) -> VerifiedHome:
    return VerifiedHome(point, verified_at)


def ids(n: int) -> list[uuid.UUID]:
    return [uuid.uuid4() for _ in range(n)]


def founded(
    nid: uuid.UUID,
    founder: uuid.UUID,
    boundary: dict[str, Any] | None = None,
    at: datetime = T0,
) -> list[Any]:
    """A neighbourhood founded (1 km² about HOME unless told), its founder its first member."""
    shape = boundary_of(boundary or square())
    return [
        NeighbourhoodCreated(nid, founder, "Les Lilas", "", shape.geojson, shape.area_km2, at),
        MemberJoined(nid, founder, join_id_for(uuid.uuid4()), at),
    ]


def joined(nid: uuid.UUID, rid: uuid.UUID, at: datetime = T0) -> MemberJoined:
    return MemberJoined(nid, rid, uuid.uuid4(), at)


def moderator(nid: uuid.UUID, rid: uuid.UUID, at: datetime = T0) -> list[Any]:
    return [joined(nid, rid, at), ModeratorAppointed(nid, rid, at)]


def join_of(state: Neighbourhood, rid: uuid.UUID) -> uuid.UUID:
    member = state.member(rid)
    assert member is not None
    return member.join_id


given = scenarios(fold, decide)
