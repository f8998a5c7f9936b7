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
from services.subscriptions.in_flight import InFlight

NAME = "neighbourhoods.stale_reservations"
VERSION = 1
TYPES = (
    "neighbourhoods.MembershipReserved",
    "neighbourhoods.MemberJoined",
    "neighbourhoods.JoinCancelled",
    "neighbourhoods.MembershipReleased",
)


RESERVATIONS = InFlight(
    "neighbourhoods_policy_reservations", key="join_id", key_length=36, since="reserved_at"
)


def stale_reservations(codec: Codec) -> Subscriber:
    def handle(tx: Connection, t: SimpleNamespace, recorded: RecordedEvent) -> None:
        react(tx, t, codec.decode(recorded).event)

    return Subscriber(NAME, handle, define=RESERVATIONS.define, types=TYPES, version=VERSION)


def react(tx: Connection, t: SimpleNamespace, event: Any) -> None:
    match event:
        case MembershipReserved():
            RESERVATIONS.start(tx, t, str(event.join_id), event.resident_id, event.reserved_at)
        case MemberJoined() | JoinCancelled() | MembershipReleased():
            RESERVATIONS.settle(tx, t, str(event.join_id))


def waiting(conn: Connection, t: SimpleNamespace) -> list[uuid.UUID]:
    """The residents holding a reservation whose join has not arrived, by oldest reservation."""
    return RESERVATIONS.residents(conn, t)
