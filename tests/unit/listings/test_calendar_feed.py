"""The calendar feed as iCalendar: it parses with the icalendar library, each booking an all-day
event with a stable UID, a cancelled booking kept as CANCELLED, a passenger's seat its own event
and a driver's day of trip one event for all its seats."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

from icalendar import Calendar

from listings.projections import ics

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ME, OTHER, LID = (
    "00000000-0000-0000-0000-000000000001",
    "00000000-0000-0000-0000-000000000002",
    "l1",
)


def booking(
    booking_id: str, status: str, owner: str = OTHER, borrower: str = ME
) -> SimpleNamespace:
    return SimpleNamespace(
        booking_id=booking_id, owner_id=owner, borrower_id=ME, title="Perceuse",
        start=date(2026, 3, 7), end=date(2026, 3, 8), starts_afternoon=True, ends_at_noon=False,
        status=status, changed_at=NOW,
    )  # fmt: skip


def seat(
    seat_id: str, passenger: str, driver: str, seats: int = 1, cancelled: bool = False
) -> SimpleNamespace:
    return SimpleNamespace(
        seat_id=seat_id, listing_id=LID, driver_id=driver, passenger_id=passenger,
        date=date(2026, 3, 9), seats=seats, cancelled=cancelled, title="Lyon",
    )  # fmt: skip


def parsed(entries: dict[str, list[SimpleNamespace]], resident: str = ME) -> Calendar:
    return Calendar.from_ical(ics.feed(resident, entries, NOW, "en"))


def test_bookings_are_all_day_events_with_stable_uids_and_their_state() -> None:
    cal = parsed({"bookings": [booking("b1", "accepted"), booking("b2", "cancelled")], "seats": []})
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    first = events["booking-b1@quartier"]
    assert (first.decoded("DTSTART"), first.decoded("DTEND")) == (
        date(2026, 3, 7),
        date(2026, 3, 9),
    )
    assert str(first["SUMMARY"]) == "Borrowing: Perceuse"
    assert "afternoon" in str(first["DESCRIPTION"])
    assert str(events["booking-b2@quartier"]["STATUS"]) == "CANCELLED"


def test_a_passengers_seat_and_a_drivers_day_of_trip() -> None:
    seats = [seat("s1", ME, OTHER), seat("s2", "p2", ME, 2), seat("s3", "p3", ME, cancelled=True)]
    mine = {str(e["UID"]) for e in parsed({"bookings": [], "seats": seats[:1]}).walk("VEVENT")}
    assert mine == {"seat-s1@quartier"}
    [day] = parsed({"bookings": [], "seats": seats[1:]}).walk("VEVENT")
    assert str(day["UID"]) == f"trip-{LID}-2026-03-09@quartier"
    assert (str(day["STATUS"]), str(day["DESCRIPTION"])) == ("CONFIRMED", "Seats booked: 2")
