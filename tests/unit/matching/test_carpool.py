"""Carpool: a ride asked for (from, to, when) against a trip offered, its route the straight
segments between its points or the polyline its driver drew."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from matching.domain.route import ROUTE_RADIUS_M, route_fit, times_fit
from matching.domain.scoring import score
from tests.unit.matching import a_listing, point

# A commute south to north: 48.850 -> 48.900 along 2.350 (about 5.5 km).
SOUTH, NORTH = point(48.850, 2.350), point(48.900, 2.350)
COMMUTE = {"weekly": {"days": ["mon", "tue", "wed", "thu", "fri"], "time": "08:00"}}


def trip(start: dict[str, float], end: dict[str, float], **when: Any) -> Any:
    return a_listing(
        "offer",
        "Trajet",
        category="transport",
        details={"from": start, "to": end, "seats": 3, **(when or COMMUTE)},
    )


def ride(start: dict[str, float], end: dict[str, float], **when: Any) -> Any:
    departure = when or {"departure": "2026-12-08T08:15:00+01:00"}  # a Tuesday
    return a_listing(
        "request",
        "Trajet",
        category="transport",
        details={"from": start, "to": end, "seats": 1, **departure},
    )


def test_a_ride_along_the_way_in_the_right_order_fits() -> None:
    offered, asked = trip(SOUTH, NORTH).trip, ride(point(48.860, 2.352), point(48.890, 2.349)).trip
    fit = route_fit(offered, asked, 40)
    assert fit is not None
    points, detail = fit
    assert 0 < points <= 40 and detail["pickup_m"] <= 200


def test_a_ride_the_other_way_does_not_fit() -> None:
    offered, asked = trip(SOUTH, NORTH).trip, ride(point(48.890, 2.350), point(48.860, 2.350)).trip
    assert route_fit(offered, asked, 40) is None


def test_a_ride_off_the_route_does_not_fit() -> None:
    # About 1.5 km east of the straight line.
    offered, asked = trip(SOUTH, NORTH).trip, ride(point(48.860, 2.370), point(48.890, 2.370)).trip
    assert ROUTE_RADIUS_M < 1500
    assert route_fit(offered, asked, 40) is None


def test_a_drawn_route_is_followed_rather_than_the_straight_line() -> None:
    detour = {"from": SOUTH, "to": NORTH, "route": [point(48.875, 2.370)], "seats": 2, **COMMUTE}
    offered = a_listing("offer", "Trajet", category="transport", details=detour).trip
    assert offered is not None
    asked = ride(point(48.874, 2.369), point(48.899, 2.351)).trip
    assert route_fit(offered, asked, 40) is not None
    assert route_fit(trip(SOUTH, NORTH).trip, asked, 40) is None


def test_a_weekly_commute_matches_each_day_it_runs_within_the_tolerance() -> None:
    offered = trip(SOUTH, NORTH).trip
    tuesday = ride(SOUTH, NORTH).trip
    fit = times_fit(offered, tuesday, 15, timedelta(minutes=45))
    assert fit is not None and fit[1] == {"days": ["tue"], "minutes_apart": 15}
    sunday = ride(SOUTH, NORTH, departure="2026-12-06T08:00:00+01:00").trip
    assert times_fit(offered, sunday, 15, timedelta(minutes=45)) is None
    late = ride(SOUTH, NORTH, departure="2026-12-08T10:00:00+01:00").trip
    assert times_fit(offered, late, 15, timedelta(minutes=45)) is None


def test_two_one_off_departures_match_within_the_tolerance() -> None:
    offered = trip(SOUTH, NORTH, departure="2026-12-08T08:00:00+01:00").trip
    asked = ride(SOUTH, NORTH, departure="2026-12-08T08:30:00+01:00").trip
    assert times_fit(offered, asked, 15, timedelta(minutes=45)) is not None
    next_day = ride(SOUTH, NORTH, departure="2026-12-09T08:00:00+01:00").trip
    assert times_fit(offered, next_day, 15, timedelta(minutes=45)) is None


def test_a_carpool_request_is_scored_by_route_and_time() -> None:
    found = score(trip(SOUTH, NORTH), ride(point(48.860, 2.352), point(48.890, 2.349)))
    assert found is not None
    assert {r.factor for r in found.reasons} >= {"category", "route", "time"}
    assert score(trip(SOUTH, NORTH), ride(NORTH, SOUTH)) is None
