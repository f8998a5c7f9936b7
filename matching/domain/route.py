"""Whether a trip offered takes a ride asked for: its route passes within ROUTE_RADIUS_M of
both of the ride's points, the pick-up before the drop-off, at a compatible time.

The route is the straight segments between the trip's points (from, the points the driver
drew, to), measured with shapely in a local flat projection (metres around the ride's start;
exact enough over a neighbourhood's few kilometres). A routing engine would follow the streets
instead: the detour would be a driving time rather than a distance to a line, and a one-way
street or a river could refuse a pick-up that is close as the crow flies (docs/decisions/0023).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from shapely.geometry import LineString
from shapely.geometry import Point as Spot

from contracts.listings.categories import WEEKDAYS
from matching.domain.listing import Point, Trip

ROUTE_RADIUS_M = 800
"""How far from the route a pick-up or a drop-off may be (a short walk)."""
DETOUR_STEP_M = 50
_M_PER_DEGREE = 111_320.0


def _flat(origin: Point) -> Any:
    scale = math.cos(math.radians(origin.lat))

    def project(p: Point) -> tuple[float, float]:
        return ((p.lon - origin.lon) * scale * _M_PER_DEGREE, (p.lat - origin.lat) * _M_PER_DEGREE)

    return project


def route_fit(offer: Trip, request: Trip, weight: int) -> tuple[int, dict[str, Any]] | None:
    """(points, detail) when the trip passes by both of the ride's points in order."""
    project = _flat(request.start)
    line = LineString([project(p) for p in (offer.start, *offer.via, offer.end)])
    pickup, dropoff = Spot(project(request.start)), Spot(project(request.end))
    near_pickup, near_dropoff = line.distance(pickup), line.distance(dropoff)
    if max(near_pickup, near_dropoff) > ROUTE_RADIUS_M:
        return None
    if line.project(pickup) >= line.project(dropoff):
        return None  # the trip goes the other way
    detour = near_pickup + near_dropoff
    points = max(1, weight - int(detour // DETOUR_STEP_M))
    detail = {"pickup_m": _rounded(near_pickup), "dropoff_m": _rounded(near_dropoff)}
    return points, detail


def _rounded(metres: float) -> int:
    return int(round(metres / DETOUR_STEP_M) * DETOUR_STEP_M)


def _local(when: datetime) -> tuple[str, int]:
    """The weekday and minute of the day of a departure, at its own offset (the time the
    resident wrote)."""
    return WEEKDAYS[when.weekday()], when.hour * 60 + when.minute


def times_fit(
    offer: Trip, request: Trip, weight: int, tolerance: timedelta
) -> tuple[int, dict[str, Any]] | None:
    """(points, detail) when the trip leaves within `tolerance` of when the ride is asked for:
    a weekly trip on each of its days, a one-off trip on its date."""
    limit = tolerance.total_seconds() / 60
    if offer.departure is not None and request.departure is not None:
        apart = abs((offer.departure - request.departure).total_seconds()) / 60
        days = [_local(request.departure)[0]]
    else:
        offered = _schedule(offer)
        asked = _schedule(request)
        if offered is None or asked is None:
            return None
        common = offered[0] & asked[0]
        if not common:
            return None
        apart = abs(offered[1] - asked[1])
        days = [d for d in WEEKDAYS if d in common]
    if apart > limit:
        return None
    points = max(1, round(weight * (1 - apart / (2 * limit))))
    return points, {"days": days, "minutes_apart": int(apart)}


def _schedule(trip: Trip) -> tuple[frozenset[str], int] | None:
    if trip.departure is not None:
        day, minute = _local(trip.departure)
        return frozenset({day}), minute
    if trip.minutes is None:
        return None
    return trip.days, trip.minutes
