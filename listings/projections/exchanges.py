"""Listings' read model of the exchanges, for what a single stream cannot answer: which trip a
seat belongs to (POST /seats/{id}/cancel names the seat alone), a resident's seats, and the
group purchases whose deadline has come (the clock's sweep). What a listing shows of its seats
and pledges is folded from its own stream instead (service/exchanges.py): always up to date.

No personal data is kept here (a pickup point stays in the log, sealed).

    subscriber = read_model(codec)
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from contracts.listings.events import (
    ListingEdited,
    ListingPublished,
    PurchaseConfirmed,
    PurchaseLapsed,
    SeatBooked,
    SeatCancelled,
)
from contracts.listings.purchases import CONFIRMED, LAPSED, OPEN
from contracts.pii import plain
from listings.projections.lifecycle import micros
from services.eventstore.codec import Codec
from services.subscriptions import Subscriber
from services.subscriptions.subscriber import SUFFIX, each_event, generations

NAME = "listings.exchanges"
VERSION = 1
TYPES = tuple(
    f"listings.{name}"
    for name in (
        "ListingPublished",
        "ListingEdited",
        "SeatBooked",
        "SeatCancelled",
        "PurchaseConfirmed",
        "PurchaseLapsed",
    )
)
STREAM_TYPES = tuple(
    f"listings.{name}"
    for name in (
        "SeatBooked",
        "SeatCancelled",
        "TripOccurrenceCancelled",
        "TripCancelled",
        "PledgeMade",
        "PledgeChanged",
        "PledgeWithdrawn",
        "PurchaseConfirmed",
        "PurchaseLapsed",
    )
)
"""The events of the trips' and purchases' own streams, which a listing's read model passes
over (their stream versions are not the listing's)."""


_meta = sa.MetaData()
SEATS = sa.Table(
    "listings_seats",
    _meta,
    sa.Column("seat_id", sa.String(36), primary_key=True),
    sa.Column("listing_id", sa.String(36), nullable=False),
    sa.Column("passenger_id", sa.String(36), nullable=False),
    sa.Column("date", sa.Date, nullable=False),
    sa.Column("seats", sa.Integer, nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Index(f"listings_seats{SUFFIX}_by_passenger", "passenger_id", "date"),
)
PURCHASES = sa.Table(
    "listings_purchases",
    _meta,
    sa.Column("listing_id", sa.String(36), primary_key=True),
    sa.Column("deadline_us", sa.BigInteger, nullable=False),
    sa.Column("state", sa.String(10), nullable=False),
    sa.Index(f"listings_purchases{SUFFIX}_due", "state", "deadline_us"),
)
define = generations(seats=SEATS, purchases=PURCHASES)


def read_model(codec: Codec) -> Subscriber:
    return Subscriber(NAME, each_event(codec, apply), define=define, types=TYPES, version=VERSION)


def apply(tx: Connection, t: SimpleNamespace, event: Any, _version: int) -> None:
    match event:
        case ListingPublished() if event.category == "group_purchase":
            if _purchase(tx, t, event.listing_id) is None and plain(event.details) is not None:
                deadline = micros(_moment(event.details["deadline"]))
                tx.execute(
                    t.purchases.insert().values(
                        listing_id=str(event.listing_id), deadline_us=deadline, state=OPEN
                    )
                )
        case ListingEdited():
            details = plain(event.details)
            if details and "deadline" in details and _purchase(tx, t, event.listing_id):
                deadline = micros(_moment(details["deadline"]))
                tx.execute(_where(t.purchases, event.listing_id).values(deadline_us=deadline))
        case PurchaseConfirmed() | PurchaseLapsed():
            state = CONFIRMED if isinstance(event, PurchaseConfirmed) else LAPSED
            tx.execute(_where(t.purchases, event.listing_id).values(state=state))
        case SeatBooked():
            s = t.seats
            if tx.execute(sa.select(s.c.seat_id).where(s.c.seat_id == str(event.seat_id))).first():
                return  # delivered again
            tx.execute(
                s.insert().values(
                    seat_id=str(event.seat_id),
                    listing_id=str(event.listing_id),
                    passenger_id=str(event.passenger_id),
                    date=event.date,
                    seats=event.seats,
                    active=True,
                )
            )
        case SeatCancelled():
            s = t.seats
            tx.execute(s.update().where(s.c.seat_id == str(event.seat_id)).values(active=False))


def seat_listing(conn: Connection, t: SimpleNamespace, seat_id: uuid.UUID) -> uuid.UUID | None:
    """The trip the seat was booked on, if there is such a seat."""
    s = t.seats
    found = conn.execute(sa.select(s.c.listing_id).where(s.c.seat_id == str(seat_id))).scalar()
    return None if found is None else uuid.UUID(found)


def my_seats(
    conn: Connection, t: SimpleNamespace, passenger_id: uuid.UUID, since: date
) -> list[dict[str, Any]]:
    """The passenger's seats still held from `since` on, soonest first."""
    s = t.seats
    rows = conn.execute(
        sa.select(s)
        .where(s.c.passenger_id == str(passenger_id), s.c.active, s.c.date >= since)
        .order_by(s.c.date, s.c.seat_id)
    )
    return [
        {"seat_id": r.seat_id, "listing_id": r.listing_id, "date": r.date.isoformat(),
         "seats": r.seats}
        for r in rows
    ]  # fmt: skip


def due_purchases(
    conn: Connection, t: SimpleNamespace, now: datetime, limit: int
) -> list[uuid.UUID]:
    """Open purchases whose deadline has come, the longest overdue first."""
    p = t.purchases
    rows = conn.execute(
        sa.select(p.c.listing_id)
        .where(p.c.state == OPEN, p.c.deadline_us <= micros(now))
        .order_by(p.c.deadline_us, p.c.listing_id)
        .limit(limit)
    )
    return [uuid.UUID(x) for x in rows.scalars()]


def _purchase(tx: Connection, t: SimpleNamespace, listing_id: uuid.UUID) -> Any:
    p = t.purchases
    return tx.execute(sa.select(p.c.listing_id).where(p.c.listing_id == str(listing_id))).first()


def _where(table: sa.Table, listing_id: uuid.UUID) -> Any:
    return table.update().where(table.c.listing_id == str(listing_id))


def _moment(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)
