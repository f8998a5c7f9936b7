"""A resident's calendar feed as iCalendar (RFC 5545), made with the `icalendar` library from
the rows calendar_queries.feed_entries answers: each booking an all-day event (the days it
covers; half-days said in its description), a passenger's seat an all-day event on its date,
and a driver's trip one event per day with seats booked (their count in its description).

Every event's UID is stable (the booking's or the seat's id), so a calendar application that
polls the feed updates an event in place; a cancelled or declined booking stays, marked
CANCELLED, so that applications remove it rather than keep a stale copy. Titles are the
listing's title, known to both parties; no message or reason is put in the feed.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from icalendar import Calendar, Event

PRODID = "-//Quartier//Calendar feed//FR"
DOMAIN = "quartier"
STATUS = {
    "requested": "TENTATIVE",
    "accepted": "CONFIRMED",
    "picked_up": "CONFIRMED",
    "returned": "CONFIRMED",
    "declined": "CANCELLED",
    "cancelled": "CANCELLED",
}
TEXTS = {
    "fr": {
        "name": "Quartier : mes réservations et trajets",
        "lend": "Prêt : {title}",
        "borrow": "Emprunt : {title}",
        "ride": "Trajet : {title}",
        "afternoon": "À partir de l'après-midi du premier jour.",
        "noon": "Jusqu'à midi le dernier jour.",
        "item": "un objet",
        "seats": "Places réservées : {seats}",
    },
    "en": {
        "name": "Quartier: my bookings and trips",
        "lend": "Lending: {title}",
        "borrow": "Borrowing: {title}",
        "ride": "Trip: {title}",
        "afternoon": "From the afternoon of the first day.",
        "noon": "Until noon on the last day.",
        "item": "an item",
        "seats": "Seats booked: {seats}",
    },
}


def feed(
    resident_id: str, entries: dict[str, list[Any]], now: datetime, language: str = "fr"
) -> bytes:
    said = TEXTS.get(language, TEXTS["fr"])
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", said["name"])
    for row in entries["bookings"]:
        cal.add_component(_booking(row, resident_id, said, now))
    driving: dict[tuple[str, Any], list[Any]] = {}
    for row in entries["seats"]:
        if row.passenger_id == resident_id:
            cal.add_component(_seat(row, said, now))
        if row.driver_id == resident_id:
            driving.setdefault((row.listing_id, row.date), []).append(row)
    for (listing_id, day), seats in sorted(driving.items(), key=lambda kv: str(kv[0])):
        cal.add_component(_occurrence(listing_id, day, seats, said, now))
    return bytes(cal.to_ical())


def _event(uid: str, start: Any, end: Any, summary: str, now: datetime) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{DOMAIN}")
    event.add("dtstamp", now)
    event.add("dtstart", start)
    event.add("dtend", end + timedelta(days=1))  # all-day: the end is exclusive
    event.add("summary", summary)
    event.add("transp", "TRANSPARENT")
    return event


def _booking(row: Any, resident_id: str, said: dict[str, str], now: datetime) -> Event:
    title = row.title or said["item"]
    lending = row.owner_id == resident_id
    summary = said["lend" if lending else "borrow"].format(title=title)
    event = _event(f"booking-{row.booking_id}", row.start, row.end, summary, now)
    event.add("status", STATUS.get(row.status, "CONFIRMED"))
    notes = [
        said[k] for k, on in (("afternoon", row.starts_afternoon), ("noon", row.ends_at_noon)) if on
    ]
    if notes:
        event.add("description", " ".join(notes))
    event.add("last-modified", row.changed_at)
    return event


def _seat(row: Any, said: dict[str, str], now: datetime) -> Event:
    """A passenger's seat."""
    title = row.title or ""
    event = _event(f"seat-{row.seat_id}", row.date, row.date, said["ride"].format(title=title), now)
    event.add("status", "CANCELLED" if row.cancelled else "CONFIRMED")
    return event


def _occurrence(
    listing_id: str, day: Any, seats: list[Any], said: dict[str, str], now: datetime
) -> Event:
    """A driver's trip on one day, once for all its booked seats."""
    title = seats[0].title or ""
    uid = f"trip-{listing_id}-{day.isoformat()}"
    event = _event(uid, day, day, said["ride"].format(title=title), now)
    taken = sum(s.seats for s in seats if not s.cancelled)
    event.add("status", "CONFIRMED" if taken else "CANCELLED")
    event.add("description", said["seats"].format(seats=taken))
    return event
