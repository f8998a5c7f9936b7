"""What a listing shows of its exchange, folded from the trip's or the purchase's own stream:

- a trip: its next departures (local date and time), the seats left on each, whether the driver
  cancelled it, the viewer's seat; to the driver, the passengers of each with their pickup point;
- a group purchase: its state (open, confirmed, lapsed), the pledged total against the minimum,
  the deadline, the viewer's pledge; to the organiser, every member's pledge;
- a giveaway or a barter: whether it is reserved; to its author and its recipient, for whom.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from contracts.listings.events import SeatBooked, SeatCancelled
from contracts.listings.trips import DEFAULT_TIME_ZONE, UPCOMING_OCCURRENCES
from contracts.pii import plain
from listings.domain.listing import BARTER, GIVEAWAY, Listing
from listings.domain.purchase import GROUP_PURCHASE, deadline, minimum
from listings.domain.trip import TRANSPORT, fold_trip, offered, schedule

CATEGORIES = (TRANSPORT, GROUP_PURCHASE, GIVEAWAY, BARTER)


def view(
    handlers: Any, conn: Connection, f: Any, listing_id: uuid.UUID, viewer: uuid.UUID
) -> dict[str, Any] | None:
    listing: Listing = handlers.exchanges.listing(listing_id)
    if listing.category == TRANSPORT:
        return {"trip": _trip(handlers, conn, f, listing, viewer)}
    if listing.category == GROUP_PURCHASE:
        return {"purchase": _purchase(handlers, conn, f, listing, viewer)}
    if listing.category in (GIVEAWAY, BARTER):
        return {"reservation": _reservation(listing, viewer)}
    return None


def _trip(handlers: Any, conn: Connection, f: Any, listing: Listing, viewer: uuid.UUID) -> Any:
    assert listing.listing_id is not None
    events = handlers.exchanges.trip_events(listing.listing_id)
    state = fold_trip(events)
    pickups = _pickups(events)
    driver = viewer == listing.author_id
    names = _names(conn, f, (s.passenger_id for s in state.held())) if driver else {}
    departures = schedule(listing).upcoming(handlers.clock(), UPCOMING_OCCURRENCES)
    occurrences = []
    for day, moment in departures:
        held = state.held_on(day)
        mine = next((s for s in held if s.passenger_id == viewer), None)
        occurrences.append(
            {
                "date": day.isoformat(),
                "departs_at": moment.isoformat(),
                "cancelled": day in state.cancelled_dates,
                "seats_left": max(offered(listing) - state.taken(day), 0),
                "my_seat": None
                if mine is None
                else {"seat_id": str(mine.seat_id), "seats": mine.seats},
                "passengers": [
                    {
                        "seat_id": str(s.seat_id),
                        "resident_id": str(s.passenger_id),
                        "display_name": names.get(str(s.passenger_id)),
                        "seats": s.seats,
                        "pickup": pickups.get(s.seat_id),
                    }
                    for s in held
                ]
                if driver
                else None,
            }
        )
    weekly = listing.details.get("weekly")
    return {
        "time_zone": (weekly.get("time_zone") or DEFAULT_TIME_ZONE) if weekly else None,
        "seats_offered": offered(listing),
        "cancelled": state.cancelled,
        "occurrences": occurrences,
    }


def _purchase(handlers: Any, conn: Connection, f: Any, listing: Listing, viewer: uuid.UUID) -> Any:
    assert listing.listing_id is not None
    state = handlers.exchanges.purchase(listing.listing_id)
    organiser = viewer == listing.author_id
    names = _names(conn, f, state.pledges) if organiser else {}
    return {
        "state": state.state,
        "total": state.total,
        "minimum_quantity": minimum(listing),
        "deadline": deadline(listing).isoformat(),
        "my_quantity": state.pledges.get(viewer),
        "pledges": [
            {"resident_id": str(m), "display_name": names.get(str(m)), "quantity": q}
            for m, q in state.pledges.items()
        ]
        if organiser
        else None,
    }


def _reservation(listing: Listing, viewer: uuid.UUID) -> Any:
    recipient = listing.recipient
    concerned = recipient is not None and viewer in (listing.author_id, recipient.responder_id)
    return {
        "reserved": recipient is not None,
        "allocation": listing.details.get("allocation"),
        "response_id": str(recipient.response_id) if concerned and recipient else None,
        "recipient_id": str(recipient.responder_id) if concerned and recipient else None,
    }


def _pickups(events: Iterable[Any]) -> dict[uuid.UUID, str | None]:
    found: dict[uuid.UUID, str | None] = {}
    for event in events:
        if isinstance(event, SeatBooked):
            found[event.seat_id] = plain(event.pickup)
        elif isinstance(event, SeatCancelled):
            found.pop(event.seat_id, None)
    return found


def _names(conn: Connection, f: Any, ids: Iterable[uuid.UUID]) -> dict[str, str | None]:
    wanted = [str(i) for i in ids]
    if not wanted:
        return {}
    r = f.residents
    rows = conn.execute(
        sa.select(r.c.resident_id, r.c.display_name).where(r.c.resident_id.in_(wanted))
    )
    return {row.resident_id: row.display_name for row in rows}
