"""The moderation log of a neighbourhood (part of neighbourhoods.py's read model): who decided
what about whom, why and when, one row per event of MODERATION_EVENTS. A reason written about a
member is theirs (sealed with their key): it is forgotten when they are erased, here as in a
rebuild, where it reads back ERASED."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from contracts.neighbourhoods.events import BoundaryChanged
from contracts.pii import plain
from services.eventstore.codec import DecodedEvent


def log_entry(tx: Connection, t: SimpleNamespace, decoded: DecodedEvent[Any]) -> None:
    event, recorded = decoded.event, decoded.recorded
    reason = getattr(event, "reason", None)
    subject = getattr(event, "resident_id", None)
    proposal = getattr(event, "proposal_id", None) or _approved_just_before(tx, t, decoded)
    tx.execute(t.log.delete().where(t.log.c.event_id == str(recorded.event_id)))
    tx.execute(
        t.log.insert().values(
            event_id=str(recorded.event_id),
            neighbourhood_id=str(event.neighbourhood_id),
            stream_version=recorded.version,
            action=_snake(type(event).__name__),
            actor=decoded.metadata.actor,
            resident_id=None if subject is None else str(subject),
            reason=plain(reason),
            # A reason written about a member is theirs: only they and the moderators read it.
            reason_is_personal=subject is not None and reason is not None,
            proposal_id=None if proposal is None else str(proposal),
            at=_when(event) or recorded.recorded_at,
        )
    )


def erase_resident(tx: Connection, t: SimpleNamespace, resident_id: uuid.UUID) -> None:
    """Forget the free text written about an erased resident, as a rebuild would read it."""
    rid = str(resident_id)
    tx.execute(t.log.update().where(t.log.c.resident_id == rid).values(reason=None))
    tx.execute(
        t.rejoin_requests.update()
        .where(t.rejoin_requests.c.resident_id == rid)
        .values(message=None)
    )


def _approved_just_before(tx: Connection, t: SimpleNamespace, decoded: DecodedEvent[Any]) -> Any:
    """The proposal whose approval a BoundaryChanged applies (recorded just before it)."""
    if not isinstance(decoded.event, BoundaryChanged):
        return None
    log = t.log
    return tx.execute(
        sa.select(log.c.proposal_id).where(
            log.c.neighbourhood_id == str(decoded.event.neighbourhood_id),
            log.c.stream_version == decoded.recorded.version - 1,
            log.c.action == "boundary_change_approved",
        )
    ).scalar()


def _when(event: Any) -> datetime | None:
    return next(
        (v for k, v in vars(event).items() if k.endswith("_at") and isinstance(v, datetime)), None
    )


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
