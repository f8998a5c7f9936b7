"""Stale reservations: founding or joining reserves a place on the resident's stream, then the
neighbourhood records MemberJoined under the same join id. A process that dies between the two
leaves a place held for nothing, which counts against the resident's allowance.

This subscriber follows reservations and what settles them (the join arriving, its cancellation,
the place's release) in log order, and keeps in a table of its own the reservations not settled
yet: the joins in flight and the abandoned ones. The service's timer hands their residents to
`NeighbourhoodHandlers.release_stale_reservations`, which, on the streams themselves, cancels
each join that has not arrived within Settings.stale_reservation and releases its place
(JoinCancelled, then MembershipReleased "cancelled"): the allowance is back without waiting for
the resident's next join (docs/decisions/0007).

    subscriber = stale_reservations(codec)
    residents = waiting(conn, tables)
"""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from contracts.neighbourhoods.events import (
    JoinCancelled,
    MemberJoined,
    MembershipReleased,
    MembershipReserved,
)
from services.eventstore import RecordedEvent
from services.eventstore.codec import Codec
from services.subscriptions import Subscriber

NAME = "neighbourhoods.stale_reservations"
VERSION = 1
TYPES = (
    "neighbourhoods.MembershipReserved",
    "neighbourhoods.MemberJoined",
    "neighbourhoods.JoinCancelled",
    "neighbourhoods.MembershipReleased",
)


def define(metadata: sa.MetaData, suffix: str) -> SimpleNamespace:
    return SimpleNamespace(
        reservations=sa.Table(
            f"neighbourhoods_policy_reservations{suffix}",
            metadata,
            sa.Column("join_id", sa.String(36), primary_key=True),
            sa.Column("resident_id", sa.String(36), nullable=False, index=True),
            sa.Column("reserved_at", sa.DateTime(timezone=True), nullable=False),
        )
    )


def stale_reservations(codec: Codec) -> Subscriber:
    def handle(tx: Connection, t: SimpleNamespace, recorded: RecordedEvent) -> None:
        react(tx, t, codec.decode(recorded).event)

    return Subscriber(NAME, handle, define=define, types=TYPES, version=VERSION)


def react(tx: Connection, t: SimpleNamespace, event: Any) -> None:
    r = t.reservations
    match event:
        case MembershipReserved():
            tx.execute(r.delete().where(r.c.join_id == str(event.join_id)))
            tx.execute(
                r.insert().values(
                    join_id=str(event.join_id),
                    resident_id=str(event.resident_id),
                    reserved_at=event.reserved_at,
                )
            )
        case MemberJoined() | JoinCancelled() | MembershipReleased():
            tx.execute(r.delete().where(r.c.join_id == str(event.join_id)))


def waiting(conn: Connection, t: SimpleNamespace) -> list[uuid.UUID]:
    """The residents holding a reservation whose join has not arrived, by oldest reservation."""
    r = t.reservations
    rows = conn.execute(
        sa.select(r.c.resident_id, sa.func.min(r.c.reserved_at).label("oldest"))
        .group_by(r.c.resident_id)
        .order_by("oldest", r.c.resident_id)
    ).all()
    return [uuid.UUID(row.resident_id) for row in rows]
