"""Borrowing a drill for a weekend through the gateway's HTTP API, against the real platform:
Bob lends his drill; Dan asks for Saturday and Sunday while Fay asks for an overlapping Sunday
and Monday and is refused with Dan's dates; Bob accepts, Dan picks the drill up and Bob gets it
back. Bob blocks his holidays, which nobody may book. Both see the booking in "my bookings", and
Dan's private calendar URL (from GET /me) answers an iCalendar feed that parses and lists it,
without a session; a new URL makes the old one stop working. A booking accepted for tomorrow
gets its pickup reminder from the service's timer, once.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from icalendar import Calendar

from contracts.listings import events as listing_events
from tests.e2e.listings.test_api_listings import get, post
from tests.support.answers import assert_error
from tests.support.neighbours import gathered
from tests.support.platform import Platform
from tests.support.waiting import eventually

pytestmark = pytest.mark.rabbitmq


def saturday_after(days: int) -> datetime:
    soon = datetime.now(UTC) + timedelta(days=days)
    return soon + timedelta(days=(5 - soon.weekday()) % 7)


def feed(platform: Platform, url: str) -> Calendar:
    path = url.split("/api/v1", 1)[1]
    answer = platform.call("GET", path)
    assert answer.status_code == 200, answer.text
    assert answer.headers["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(answer.content)


def uids(calendar: Calendar) -> set[str]:
    return {str(e["UID"]) for e in calendar.walk("VEVENT")}


def test_a_drill_is_borrowed_for_a_weekend_while_an_overlap_is_refused(
    platform: Platform,
) -> None:
    bob, dan, fay = (
        platform.verified(n, name) for n, name in ((8, "Bob"), (6, "Dan"), (10, "Fay"))
    )
    nid = gathered(platform, bob, dan, fay)
    drill = post(platform, bob, f"/neighbourhoods/{nid}/listings", {
        "kind": "offer", "category": "loan", "title": "Perceuse à percussion",
        "description": "Avec ses mèches.", "details": {"item": "perceuse"},
    }, 201)  # fmt: skip
    lid = drill["listing_id"]
    saturday = saturday_after(7).date()
    sunday, monday = saturday + timedelta(days=1), saturday + timedelta(days=2)

    dan.position = fay.position = bob.position
    asked = post(platform, dan, f"/listings/{lid}/bookings", {
        "start": saturday.isoformat(), "end": sunday.isoformat(), "message": "Pour une étagère",
    }, 201)  # fmt: skip
    refused = platform.call(
        "POST", f"/listings/{lid}/bookings", headers=fay.auth,
        json={"start": sunday.isoformat(), "end": monday.isoformat()},
    )  # fmt: skip
    assert_error(refused, 409, "booking_overlaps")
    assert refused.json()["error"]["details"] == {
        "start": saturday.isoformat(),
        "end": sunday.isoformat(),
    }

    seen = get(platform, fay, f"/listings/{lid}/availability", dan.position,
               **{"from": saturday.isoformat(), "to": monday.isoformat()})  # fmt: skip
    assert [(b["start"], b["end"], b["status"]) for b in seen["booked"]] == [
        (saturday.isoformat(), sunday.isoformat(), "requested")
    ]
    assert "booking_id" not in seen["booked"][0], "a stranger learns no booking's id"

    booking = asked["booking_id"]
    bob.position = dan.position
    for step, who in (("accept", bob), ("picked-up", dan), ("returned", bob)):
        who.position = bob.position if who is dan else dan.position
        post(platform, who, f"/bookings/{booking}/{step}", {}, 200)
        (dan if who is bob else bob).position = who.position
    late = {"reason": "Trop tard"}
    cancelled = platform.call("POST", f"/bookings/{booking}/cancel", headers=dan.auth, json=late)
    assert_error(cancelled, 409, "booking_not_cancellable")

    mine = get(platform, dan, "/me/bookings", bob.position)
    [borrowed] = mine["as_borrower"]
    assert (borrowed["booking_id"], borrowed["status"], borrowed["title"]) == (
        booking, "returned", "Perceuse à percussion",
    )  # fmt: skip
    lent = get(platform, bob, "/me/bookings", bob.position)["as_owner"]
    assert [(b["booking_id"], b["other_name"], b["message"]) for b in lent] == [
        (booking, "Dan", "Pour une étagère")
    ]

    # Bob's holidays: nobody may book them; he lifts them again.
    holidays = saturday + timedelta(days=14), saturday + timedelta(days=20)
    blocked = post(platform, bob, f"/listings/{lid}/availability/blocks", {
        "start": holidays[0].isoformat(), "end": holidays[1].isoformat(), "reason": "Vacances",
    }, 201)  # fmt: skip
    fay.position = bob.position
    inside = platform.call(
        "POST", f"/listings/{lid}/bookings", headers=fay.auth, params={"after": bob.position},
        json={"start": holidays[1].isoformat(), "end": holidays[1].isoformat()},
    )  # fmt: skip
    assert_error(inside, 409, "dates_blocked")
    lifted = platform.call(
        "DELETE", f"/listings/{lid}/availability/blocks/{blocked['block_id']}",
        headers=bob.auth, params={"after": bob.position},
    )  # fmt: skip
    assert lifted.status_code == 200, lifted.text

    # Dan's calendar feed, found by its private URL alone.
    url = get(platform, dan, "/me", bob.position)["calendar_url"]
    assert url and "token=" in url
    calendar = feed(platform, url)
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"booking-{booking}@quartier"
    assert event.decoded("DTSTART") == saturday
    assert event.decoded("DTEND") == monday, "an all-day event ends the day after"
    assert "Perceuse" in str(event["SUMMARY"])

    renewed = post(platform, dan, "/me/calendar-url", {}, 201)["calendar_url"]
    assert renewed != url
    assert_error(platform.call("GET", url.split("/api/v1", 1)[1]), 404, "not_found")
    assert uids(feed(platform, renewed)) == {f"booking-{booking}@quartier"}


def test_a_booking_accepted_for_tomorrow_gets_its_pickup_reminder_once(
    platform: Platform,
) -> None:
    ada, eve = platform.verified(2, "Ada"), platform.verified(12, "Eve")
    nid = gathered(platform, ada, eve)
    ladder = post(platform, ada, f"/neighbourhoods/{nid}/listings", {
        "kind": "offer", "category": "rental", "title": "Échelle",
        "description": "", "details": {"item": "échelle", "price_per_day": 4, "deposit": 30},
    }, 201)  # fmt: skip
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date()
    eve.position = ada.position
    asked = post(platform, eve, f"/listings/{ladder['listing_id']}/bookings", {
        "start": tomorrow.isoformat(), "end": (tomorrow + timedelta(days=2)).isoformat(),
    }, 201)  # fmt: skip
    ada.position = eve.position
    post(platform, ada, f"/bookings/{asked['booking_id']}/accept", {}, 200)
    mine = get(platform, eve, "/me/bookings", ada.position)["as_borrower"]
    assert [(b["price"], b["deposit"]) for b in mine] == [("12.00", "30.00")]

    stream = f"listings.calendar-{ladder['listing_id']}"

    def reminded(booking_id: str) -> list[str]:
        return [
            e.data["reminder"]
            for e in platform.events(stream)
            if "reminder" in e.data and e.data["booking_id"] == booking_id
        ]

    eventually(lambda: reminded(asked["booking_id"]) == ["pickup"], what="the pickup reminder")
    # A later marker: another booking, for today, accepted and reminded by a later tick.
    today = tomorrow - timedelta(days=1)
    marker = post(platform, eve, f"/listings/{ladder['listing_id']}/bookings",
                  {"start": today.isoformat(), "end": today.isoformat()}, 201)  # fmt: skip
    ada.position = eve.position
    post(platform, ada, f"/bookings/{marker['booking_id']}/accept", {}, 200)
    eventually(lambda: reminded(marker["booking_id"]) == ["pickup"], what="the marker's reminder")
    assert reminded(asked["booking_id"]) == ["pickup"], "each reminder is recorded once"


SEATS = "SeatBooked" in {c.type.split(".")[1] for c in listing_events.CONTRACTS}


@pytest.mark.skipif(not SEATS, reason="listings.SeatBooked is not in the contracts yet")
def test_a_passengers_seat_is_in_their_calendar_feed(platform: Platform) -> None:
    """Once seats exist: a passenger's booked seat is an event of their feed."""
    ada, eve = platform.verified(2, "Ada"), platform.verified(12, "Eve")
    nid = gathered(platform, ada, eve)
    departure = saturday_after(3).replace(hour=8, minute=0, second=0, microsecond=0)
    trip = post(platform, ada, f"/neighbourhoods/{nid}/listings", {
        "kind": "offer", "category": "transport", "title": "Lyon samedi",
        "description": "", "details": {
            "from": {"lat": 45.76, "lon": 4.83}, "to": {"lat": 45.75, "lon": 4.85},
            "seats": 3, "departure": departure.isoformat(),
        },
    }, 201)  # fmt: skip
    eve.position = ada.position
    seat: dict[str, Any] = post(platform, eve, f"/listings/{trip['listing_id']}/seats", {
        "date": departure.date().isoformat(), "seats": 1,
    }, 201)  # fmt: skip
    url = get(platform, eve, "/me", eve.position)["calendar_url"]
    assert f"seat-{seat['seat_id']}@quartier" in uids(feed(platform, url))
