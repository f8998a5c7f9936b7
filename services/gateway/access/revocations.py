"""Session revocation on identity's events, wherever the change was made: this gateway, another
replica, or the ops command line (`quartier erase`).

A subscriber (services/subscriptions) reads identity.PasswordChanged and identity.ResidentErased
from the log and deletes the resident's sessions in the same transaction that moves its
checkpoint: a crash neither loses a revocation nor repeats one.

- ResidentErased: every session of the resident.
- PasswordChanged: the sessions started before the change, except the one the change was made
  with (spared under the request id, which comes back as the event's correlation id; each
  change has its spare, so a second quick change cannot unspare the session for the first).

The resident is read from the stream's name (`identity.resident-<uuid>`, fixed by the design),
so the gateway needs neither the events' personal fields nor the keyring to decode them.
"""

from __future__ import annotations

import uuid
from datetime import UTC
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from services.eventstore import RecordedEvent
from services.gateway.access.tables import session_spares, sessions
from services.subscriptions import Subscriber

NAME = "gateway.session_revocations"
PASSWORD_CHANGED = "identity.PasswordChanged"
RESIDENT_ERASED = "identity.ResidentErased"
RESIDENT_STREAM = "identity.resident-"


def resident_of(stream: str) -> str | None:
    if not stream.startswith(RESIDENT_STREAM):
        return None
    try:
        return str(uuid.UUID(stream[len(RESIDENT_STREAM) :]))
    except ValueError:
        return None


def revoked_by(recorded: RecordedEvent) -> Any:
    """The condition on the sessions table that `recorded` revokes; None for no session."""
    resident_id = resident_of(recorded.stream)
    if resident_id is None:
        return None
    condition = sessions.c.resident_id == resident_id
    if recorded.type == RESIDENT_ERASED:
        return condition
    if recorded.type != PASSWORD_CHANGED:
        return None
    changed_at = recorded.recorded_at.astimezone(UTC)
    condition = sa.and_(condition, sessions.c.created_at < changed_at)
    correlation = recorded.metadata.get("correlation_id")
    if correlation:
        spared = sa.exists().where(
            session_spares.c.token_hash == sessions.c.token_hash,
            session_spares.c.correlation == str(correlation),
        )
        condition = sa.and_(condition, ~spared)
    return condition


def revoke(tx: Connection, _tables: Any, recorded: RecordedEvent) -> None:
    condition = revoked_by(recorded)
    if condition is not None:
        tx.execute(sessions.delete().where(condition))
    correlation = recorded.metadata.get("correlation_id")
    if recorded.type == PASSWORD_CHANGED and correlation:
        # Each change's event comes once: its spare has done its work.
        tx.execute(session_spares.delete().where(session_spares.c.correlation == str(correlation)))


revocations = Subscriber(NAME, revoke, types=(PASSWORD_CHANGED, RESIDENT_ERASED))
