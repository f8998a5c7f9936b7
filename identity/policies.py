"""Policies of the identity context.

Orphan e-mail claims: signing up appends the e-mail claim, then the resident's registration, to
two streams. A process that dies between the two leaves the address claimed for a resident who
does not exist: no one could sign in with it, sign up with it or erase it. This subscriber
follows the claims and registrations in log order and keeps, in a table of its own, the claims
whose resident has not been recorded yet (a handful: the sign-ups in flight and the orphans).
The identity service's timer hands them to `IdentityHandlers.release_orphan_claims`, which
releases each claim older than the grace period whose resident stream still holds no
registration (it reads the stream: this table may lag behind the log). EmailReleased then
frees the address for a new sign-up, as an erasure does (docs/decisions/0007).

    subscriber = orphan_claims(codec)
    candidates = pending(conn, tables)
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from contracts.identity.events import EmailClaimed, EmailReleased, ResidentRegistered
from identity.handlers.orphans import PendingClaim
from services.eventstore import RecordedEvent
from services.eventstore.codec import Codec
from services.subscriptions import Subscriber

NAME = "identity.orphan_claims"
VERSION = 1
TYPES = ("identity.EmailClaimed", "identity.EmailReleased", "identity.ResidentRegistered")


def define(metadata: sa.MetaData, suffix: str) -> SimpleNamespace:
    return SimpleNamespace(
        claims=sa.Table(
            f"identity_policy_claims{suffix}",
            metadata,
            sa.Column("claim_stream", sa.String(80), primary_key=True),
            sa.Column("resident_id", sa.String(36), nullable=False, index=True),
            sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        )
    )


def orphan_claims(codec: Codec) -> Subscriber:
    def handle(tx: Connection, t: SimpleNamespace, recorded: RecordedEvent) -> None:
        react(tx, t, recorded.stream, codec.decode(recorded).event)

    return Subscriber(NAME, handle, define=define, types=TYPES, version=VERSION)


def react(tx: Connection, t: SimpleNamespace, stream: str, event: Any) -> None:
    """Follow one event: only ids, streams and times are kept, never the address."""
    c = t.claims
    match event:
        case EmailClaimed():
            tx.execute(c.delete().where(c.c.claim_stream == stream))
            tx.execute(
                c.insert().values(
                    claim_stream=stream,
                    resident_id=str(event.resident_id),
                    claimed_at=event.claimed_at,
                )
            )
        case EmailReleased():
            tx.execute(c.delete().where(c.c.claim_stream == stream))
        case ResidentRegistered():
            tx.execute(c.delete().where(c.c.resident_id == str(event.resident_id)))


def pending(conn: Connection, t: SimpleNamespace) -> list[PendingClaim]:
    """Every claim still waiting for its resident, oldest first."""
    c = t.claims
    rows = conn.execute(sa.select(c).order_by(c.c.claimed_at, c.c.claim_stream)).all()
    return [
        PendingClaim(row.claim_stream, uuid.UUID(row.resident_id), _aware(row.claimed_at))
        for row in rows
    ]


def _aware(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; what was stored was UTC.
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
