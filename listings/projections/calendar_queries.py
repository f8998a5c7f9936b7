"""Queries of the bookings read model (bookings.py): an item's availability, a resident's
bookings, what the calendar feed lists, the bookings due a reminder, and which listing a
booking belongs to. Listings' own read model (titles, who may see an item) and the facts
(display names) are read beside it, in the same database."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from listings.domain.calendar import HOLDING
from listings.projections.visibility import visible

# An availability answers at most this many days at once.
MAX_RANGE_DAYS = 400


def listing_of(conn: Connection, t: SimpleNamespace, booking_id: uuid.UUID) -> uuid.UUID | None:
    b = t.bookings
    found = conn.execute(
        sa.select(b.c.listing_id).where(b.c.booking_id == str(booking_id))
    ).scalar()
    return None if found is None else uuid.UUID(found)


def listing_of_block(conn: Connection, t: SimpleNamespace, block_id: uuid.UUID) -> uuid.UUID | None:
    b = t.blocks
    found = conn.execute(sa.select(b.c.listing_id).where(b.c.block_id == str(block_id))).scalar()
    return None if found is None else uuid.UUID(found)


def availability(
    conn: Connection,
    t: SimpleNamespace,
    lt: SimpleNamespace,
    f: SimpleNamespace,
    listing_id: uuid.UUID,
    viewer_id: uuid.UUID,
    first: date,
    last: date,
) -> dict[str, Any] | None:
    """The item's blocked and booked periods meeting [first, last], None when the viewer may not
    see it. Its owner also sees each block's id and reason, and which booking is whose."""
    lst = lt.listings
    row = conn.execute(
        sa.select(lst.c.author_id, lst.c.category, lst.c.details).where(
            lst.c.listing_id == str(listing_id), visible(lt, f, viewer_id)
        )
    ).first()
    if row is None:
        return None
    owner = row.author_id == str(viewer_id)
    b, k = t.bookings, t.blocks
    booked = _meeting(conn, b, b.c.status.in_(HOLDING), listing_id, first, last)
    blocked = _meeting(conn, k, k.c.lifted.is_(False), listing_id, first, last)
    mine = str(viewer_id)
    return {
        "listing_id": str(listing_id),
        "from": first.isoformat(),
        "to": last.isoformat(),
        "owner": owner,
        "category": row.category,
        "blocked": [
            {
                "start": x.start.isoformat(),
                "end": x.end.isoformat(),
                **({"block_id": x.block_id, "reason": x.reason} if owner else {}),
            }
            for x in blocked
        ],
        "booked": [
            {
                **_period(x),
                "status": x.status,
                **({"booking_id": x.booking_id} if owner or x.borrower_id == mine else {}),
            }
            for x in booked
        ],
    }


def _period(x: Any) -> dict[str, Any]:
    return {
        "start": x.start.isoformat(),
        "end": x.end.isoformat(),
        "starts_afternoon": x.starts_afternoon,
        "ends_at_noon": x.ends_at_noon,
    }


def my_bookings(
    conn: Connection,
    t: SimpleNamespace,
    lt: SimpleNamespace,
    f: SimpleNamespace,
    resident_id: uuid.UUID,
) -> dict[str, Any]:
    """The resident's bookings as borrower and as owner, soonest first."""
    who = str(resident_id)
    b, lst, r = t.bookings, lt.listings, f.residents
    other = sa.case((b.c.owner_id == who, b.c.borrower_id), else_=b.c.owner_id)
    rows = conn.execute(
        sa.select(b, lst.c.title, r.c.display_name.label("other_name"))
        .select_from(
            b.outerjoin(lst, lst.c.listing_id == b.c.listing_id).outerjoin(
                r, r.c.resident_id == other
            )
        )
        .where(sa.or_(b.c.owner_id == who, b.c.borrower_id == who))
        .order_by(b.c.start, b.c.requested_at)
    ).all()
    shown = [_booking(x, who) for x in rows]
    return {
        "as_borrower": [x for x in shown if x["role"] == "borrower"],
        "as_owner": [x for x in shown if x["role"] == "owner"],
    }


def _booking(x: Any, who: str) -> dict[str, Any]:
    return {
        "booking_id": x.booking_id,
        "listing_id": x.listing_id,
        "title": x.title,
        "role": "owner" if x.owner_id == who else "borrower",
        "owner_id": x.owner_id,
        "borrower_id": x.borrower_id,
        "other_name": x.other_name,
        **_period(x),
        "status": x.status,
        "overdue": x.overdue,
        "category": x.category,
        "price": x.price,
        "deposit": x.deposit,
        "message": x.message,
        "reason": x.answer_reason,
        "cancelled_by": x.cancelled_by,
        "requested_at": x.requested_at.isoformat(),
    }


def due_reminders(
    conn: Connection, t: SimpleNamespace, today: date, limit: int
) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """(listing_id, booking_id) of the bookings a reminder or an overdue notice may be due for
    today: the domain decides which, once each."""
    b = t.bookings
    tomorrow = today + timedelta(days=1)
    pickup = sa.and_(
        b.c.status == "accepted", b.c.start <= tomorrow, b.c.start >= today,
        b.c.reminded.not_like("%pickup%"),
    )  # fmt: skip
    back = sa.and_(
        b.c.status == "picked_up",
        sa.or_(
            sa.and_(b.c.end <= tomorrow, b.c.end >= today, b.c.reminded.not_like("%return%")),
            sa.and_(b.c.end < today, b.c.overdue.is_(False)),
        ),
    )
    rows = conn.execute(
        sa.select(b.c.listing_id, b.c.booking_id)
        .where(sa.or_(pickup, back))
        .order_by(b.c.start)
        .limit(limit)
    ).all()
    return [(uuid.UUID(x.listing_id), uuid.UUID(x.booking_id)) for x in rows]


def feed_token(conn: Connection, t: SimpleNamespace, resident_id: uuid.UUID) -> str | None:
    f = t.feeds
    found: str | None = conn.execute(
        sa.select(f.c.token).where(f.c.resident_id == str(resident_id))
    ).scalar()
    return found


def feed_owner(conn: Connection, t: SimpleNamespace, token_hash: str) -> uuid.UUID | None:
    f = t.feeds
    found = conn.execute(sa.select(f.c.resident_id).where(f.c.token_hash == token_hash)).scalar()
    return None if found is None else uuid.UUID(found)


def feed_entries(
    conn: Connection, t: SimpleNamespace, lt: SimpleNamespace, resident_id: uuid.UUID
) -> dict[str, list[Any]]:
    """What the resident's calendar lists: their bookings (either side, cancelled and declined
    ones too, for a calendar to drop them) and the seats of the trips they ride or drive."""
    who = str(resident_id)
    b, s, lst = t.bookings, t.seats, lt.listings
    bookings = conn.execute(
        sa.select(b, lst.c.title)
        .select_from(b.outerjoin(lst, lst.c.listing_id == b.c.listing_id))
        .where(sa.or_(b.c.owner_id == who, b.c.borrower_id == who))
    ).all()
    seats = conn.execute(
        sa.select(s, lst.c.title, lst.c.details)
        .select_from(s.outerjoin(lst, lst.c.listing_id == s.c.listing_id))
        .where(sa.or_(s.c.passenger_id == who, s.c.driver_id == who))
    ).all()
    return {"bookings": list(bookings), "seats": list(seats)}


def _meeting(
    conn: Connection, table: sa.Table, standing: Any, listing_id: uuid.UUID, first: date, last: date
) -> list[Any]:
    """The item's rows of `table` that still stand and whose period meets [first, last], in
    the order they start."""
    return list(
        conn.execute(
            sa.select(table)
            .where(
                table.c.listing_id == str(listing_id),
                standing,
                table.c.start <= last,
                table.c.end >= first,
            )
            .order_by(table.c.start)
        ).all()
    )
