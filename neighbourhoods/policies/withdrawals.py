"""Policies of the neighbourhoods context: what it does when identity's events say so.

Withdrawals: a resident whose verified home stops being verified (they declared another address,
or were erased) leaves every neighbourhood they belong to. The policy follows identity's events
in log order and keeps, in a table of its own, whose current address is verified; when an
AddressDeclared or a ResidentErased ends a verification, it issues WithdrawResident through the
handlers, as "system:neighbourhoods", at the time of identity's event.

However late the policy runs, it judges each event as things stood when it was recorded (its own
table is as of that event), and the withdrawal carries the event's own time: a verification
identity recorded after it, and the joins relying on it, are not undone. Run again over the same
event (a crash before the checkpoint moved, a rebuild), it issues the same command with the same
id, derived from the event's: nothing is appended twice.

    subscriber = withdrawals(handlers)
"""

from __future__ import annotations

import uuid
from datetime import datetime
from types import SimpleNamespace
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from contracts.identity.events import AddressDeclared, AddressVerified, ResidentErased
from services.eventstore import RecordedEvent
from services.eventstore.codec import Codec
from services.subscriptions import Subscriber, generations

NAME = "neighbourhoods.withdrawals"
VERSION = 1
TYPES = ("identity.AddressDeclared", "identity.AddressVerified", "identity.ResidentErased")
ACTOR = "system:neighbourhoods"
_NAMESPACE = uuid.UUID("6f1d7c1e-53a4-4c1b-9a39-5b0e3d0f6a11")


class Withdraws(Protocol):
    def withdraw_resident(
        self, command_id: uuid.UUID, resident_id: uuid.UUID, cause: str, withdrawn_at: datetime
    ) -> Any: ...


def command_id_for(event_id: uuid.UUID) -> uuid.UUID:
    """The withdrawal's command id, the same however often the causing event is handled."""
    return uuid.uuid5(_NAMESPACE, f"withdraw/{event_id}")


HOMES = sa.Table(
    "neighbourhoods_policy_homes",
    sa.MetaData(),
    sa.Column("resident_id", sa.String(36), primary_key=True),
    sa.Column("address_id", sa.String(36)),
    sa.Column("verified", sa.Boolean, nullable=False),
)
define = generations(homes=HOMES)


def withdrawals(codec: Codec, handlers: Withdraws) -> Subscriber:
    def handle(tx: Connection, t: SimpleNamespace, recorded: RecordedEvent) -> None:
        # Identity's events hold personal data the policy never needs: only ids and times.
        event = codec.decode(recorded).event
        withdraw = react(tx, t, event)
        if withdraw is not None:
            cause, at = withdraw
            handlers.withdraw_resident(
                command_id_for(recorded.event_id), event.resident_id, cause, at
            )

    return Subscriber(NAME, handle, define=define, types=TYPES, version=VERSION)


def react(tx: Connection, t: SimpleNamespace, event: Any) -> tuple[str, datetime] | None:
    """Follow the resident's verification; the withdrawal (cause, time) an event calls for."""
    h = t.homes
    rid = str(event.resident_id)
    row = tx.execute(sa.select(h).where(h.c.resident_id == rid)).first()
    was_verified = row is not None and row.verified
    match event:
        case AddressDeclared():
            _put(tx, t, rid, row, address_id=str(event.address_id), verified=False)
            return ("moved", event.declared_at) if was_verified else None
        case AddressVerified():
            if row is not None and row.address_id == str(event.address_id):
                _put(tx, t, rid, row, verified=True)
            return None
        case ResidentErased():
            _put(tx, t, rid, row, address_id=None, verified=False)
            return ("erased", event.erased_at) if was_verified else None
    return None


def _put(tx: Connection, t: SimpleNamespace, rid: str, row: Any, **values: Any) -> None:
    h = t.homes
    if row is None:
        tx.execute(h.insert().values(resident_id=rid, **{"address_id": None, **values}))
    else:
        tx.execute(h.update().where(h.c.resident_id == rid).values(**values))
