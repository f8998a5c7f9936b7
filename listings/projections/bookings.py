"""The read model of lent items' calendars and of residents' calendar feeds: each booking with
its state, each blocked period, the seats of trips (listings.SeatBooked and SeatCancelled, read
by type name: the trips' own contracts are beside this one) and each resident's current feed
token. Queries: calendar_queries.py.

Texts (a request's message, a decline's or a cancellation's reason, a block's reason) are their
writer's: NULL once their writer is erased, live as in a rebuild; an erased resident's feed is
gone. A row remembers the version of its stream last applied, so an event delivered again is
passed over.

    subscriber = read_model(codec)
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from contracts.identity.events import ResidentErased
from contracts.listings.bookings import (
    CALENDAR_CONTRACTS,
    BookingCancelled,
    BookingDeclined,
    BookingOverdue,
    BookingRequested,
    CalendarFeedIssued,
    DatesBlocked,
    DatesUnblocked,
)
from contracts.pii import plain
from services.eventstore.codec import Codec
from services.subscriptions import Subscriber
from services.subscriptions.subscriber import SUFFIX, each_event, generations

NAME = "listings.bookings"
VERSION = 1
SEAT_TYPES = ("listings.SeatBooked", "listings.SeatCancelled")
TYPES = (
    *(c.type for c in CALENDAR_CONTRACTS),
    "listings.CalendarFeedIssued",
    *SEAT_TYPES,
    "identity.ResidentErased",
)
SCRUB_AFTER = ("identity.ResidentErased",)
# The status each event of a booking leads to (reminders leave it as it is).
STATUS_AFTER = {
    "BookingAccepted": "accepted",
    "BookingDeclined": "declined",
    "BookingCancelled": "cancelled",
    "BookingPickedUp": "picked_up",
    "BookingReturned": "returned",
}


_meta = sa.MetaData()
AT = sa.DateTime(timezone=True)
RESIDENT = sa.String(36)
BOOKINGS = sa.Table(
    "listings_bookings",
    _meta,
    sa.Column("booking_id", sa.String(36), primary_key=True),
    sa.Column("listing_id", sa.String(36), nullable=False, index=True),
    sa.Column("owner_id", RESIDENT, nullable=False, index=True),
    sa.Column("borrower_id", RESIDENT, nullable=False, index=True),
    sa.Column("start", sa.Date, nullable=False),
    sa.Column("end", sa.Date, nullable=False),
    sa.Column("starts_afternoon", sa.Boolean, nullable=False),
    sa.Column("ends_at_noon", sa.Boolean, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("overdue", sa.Boolean, nullable=False),
    sa.Column("reminded", sa.String(40), nullable=False),
    sa.Column("category", sa.String(20), nullable=False),
    sa.Column("price", sa.String(20)),
    sa.Column("deposit", sa.String(20)),
    sa.Column("message", sa.Text),
    sa.Column("answer_reason", sa.Text),
    sa.Column("cancelled_by", RESIDENT),
    sa.Column("requested_at", AT, nullable=False),
    sa.Column("changed_at", AT, nullable=False),
    sa.Column("stream_version", sa.Integer, nullable=False),
    sa.Index(f"listings_bookings{SUFFIX}_due", "status", "start", "end"),
)
BLOCKS = sa.Table(
    "listings_blocks",
    _meta,
    sa.Column("block_id", sa.String(36), primary_key=True),
    sa.Column("listing_id", sa.String(36), nullable=False, index=True),
    sa.Column("owner_id", RESIDENT, nullable=False),
    sa.Column("start", sa.Date, nullable=False),
    sa.Column("end", sa.Date, nullable=False),
    sa.Column("reason", sa.Text),
    sa.Column("lifted", sa.Boolean, nullable=False),
)
SEATS = sa.Table(
    "listings_feed_seats",
    _meta,
    sa.Column("seat_id", sa.String(36), primary_key=True),
    sa.Column("listing_id", sa.String(36), nullable=False),
    sa.Column("driver_id", RESIDENT, nullable=False, index=True),
    sa.Column("passenger_id", RESIDENT, nullable=False, index=True),
    sa.Column("date", sa.Date, nullable=False),
    sa.Column("seats", sa.Integer, nullable=False),
    sa.Column("cancelled", sa.Boolean, nullable=False),
)
FEEDS = sa.Table(
    "listings_calendar_feeds",
    _meta,
    sa.Column("resident_id", RESIDENT, primary_key=True),
    sa.Column("token", sa.Text),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("stream_version", sa.Integer, nullable=False),
)
define = generations(bookings=BOOKINGS, blocks=BLOCKS, seats=SEATS, feeds=FEEDS)


def read_model(codec: Codec) -> Subscriber:
    handle = each_event(codec, apply)
    return Subscriber(
        NAME, handle, define=define, types=TYPES, version=VERSION, scrub_after=SCRUB_AFTER
    )


def apply(tx: Connection, t: SimpleNamespace, event: Any, version: int) -> None:
    """One decoded event into the tables, inside the subscriber's transaction."""
    kind = type(event).__name__
    match event:
        case ResidentErased():
            erase(tx, t, str(event.resident_id))
        case BookingRequested():
            _requested(tx, t, event, version)
        case DatesBlocked():
            _blocked(tx, t, event)
        case DatesUnblocked():
            b = t.blocks
            tx.execute(b.update().where(b.c.block_id == str(event.block_id)).values(lifted=True))
        case CalendarFeedIssued():
            _issued(tx, t, event, version)
        case _ if kind in ("SeatBooked", "SeatCancelled"):
            _seat(tx, t, event)
        case _:
            _changed(tx, t, event, version)


def _requested(tx: Connection, t: SimpleNamespace, event: BookingRequested, version: int) -> None:
    b = t.bookings
    if tx.execute(sa.select(b.c.booking_id).where(b.c.booking_id == str(event.booking_id))).first():
        return  # delivered again
    tx.execute(
        b.insert().values(
            booking_id=str(event.booking_id),
            listing_id=str(event.listing_id),
            owner_id=str(event.owner_id),
            borrower_id=str(event.borrower_id),
            start=event.start,
            end=event.end,
            starts_afternoon=event.starts_afternoon,
            ends_at_noon=event.ends_at_noon,
            status="requested",
            overdue=False,
            reminded="",
            category=event.category,
            price=event.price,
            deposit=event.deposit,
            message=plain(event.message),
            requested_at=event.requested_at,
            changed_at=event.requested_at,
            stream_version=version,
        )
    )


def _changed(tx: Connection, t: SimpleNamespace, event: Any, version: int) -> None:
    """A booking answered, cancelled, picked up, returned, overdue or reminded."""
    b = t.bookings
    row = tx.execute(sa.select(b).where(b.c.booking_id == str(event.booking_id))).first()
    if row is None or row.stream_version >= version:
        return
    kind = type(event).__name__
    at = next(v for k, v in vars(event).items() if k.endswith("_at"))
    values: dict[str, Any] = {"stream_version": version, "changed_at": at}
    if kind in STATUS_AFTER:
        values["status"] = STATUS_AFTER[kind]
    if isinstance(event, BookingOverdue):
        values["overdue"] = True
    if isinstance(event, BookingDeclined | BookingCancelled):
        values["answer_reason"] = plain(event.reason)
    if isinstance(event, BookingCancelled):
        values["cancelled_by"] = str(event.cancelled_by)
    if kind == "BookingReminded":
        values["reminded"] = ",".join(sorted({*row.reminded.split(","), event.reminder} - {""}))
    tx.execute(b.update().where(b.c.booking_id == row.booking_id).values(**values))


def _blocked(tx: Connection, t: SimpleNamespace, event: DatesBlocked) -> None:
    b = t.blocks
    if tx.execute(sa.select(b.c.block_id).where(b.c.block_id == str(event.block_id))).first():
        return
    tx.execute(
        b.insert().values(
            block_id=str(event.block_id),
            listing_id=str(event.listing_id),
            owner_id=str(event.owner_id),
            start=event.start,
            end=event.end,
            reason=plain(event.reason),
            lifted=False,
        )
    )


def _issued(tx: Connection, t: SimpleNamespace, event: CalendarFeedIssued, version: int) -> None:
    f = t.feeds
    who = str(event.resident_id)
    row = tx.execute(sa.select(f.c.stream_version).where(f.c.resident_id == who)).first()
    if row is not None and row.stream_version >= version:
        return
    tx.execute(f.delete().where(f.c.resident_id == who))
    token = plain(event.token)
    if token is None:
        return  # the resident was erased: no feed
    tx.execute(
        f.insert().values(
            resident_id=who, token=token, token_hash=event.token_hash, stream_version=version
        )
    )


def _seat(tx: Connection, t: SimpleNamespace, event: Any) -> None:
    """A trip's seat, booked or cancelled (the trips' events, read by their field names)."""
    s = t.seats
    seat_id = str(event.seat_id)
    if type(event).__name__ == "SeatCancelled":
        tx.execute(s.update().where(s.c.seat_id == seat_id).values(cancelled=True))
        return
    if tx.execute(sa.select(s.c.seat_id).where(s.c.seat_id == seat_id)).first():
        return
    tx.execute(
        s.insert().values(
            seat_id=seat_id,
            listing_id=str(event.listing_id),
            driver_id=str(event.driver_id),
            passenger_id=str(event.passenger_id),
            date=event.date,
            seats=event.seats,
            cancelled=False,
        )
    )


def erase(tx: Connection, t: SimpleNamespace, resident_id: str) -> None:
    """Forget what the erased resident wrote, as a rebuild reads it, and their feed."""
    b = t.bookings
    tx.execute(b.update().where(b.c.borrower_id == resident_id).values(message=None))
    tx.execute(
        b.update()
        .where(
            sa.or_(
                sa.and_(b.c.status == "declined", b.c.owner_id == resident_id),
                b.c.cancelled_by == resident_id,
            )
        )
        .values(answer_reason=None)
    )
    tx.execute(t.blocks.update().where(t.blocks.c.owner_id == resident_id).values(reason=None))
    tx.execute(t.feeds.delete().where(t.feeds.c.resident_id == resident_id))
