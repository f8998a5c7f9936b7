"""A subscriber stopped at an event its handler raised on: the failure recorded on its
checkpoint row, retried with a growing pause (never skipped unless an operator parks the
event), and cleared once it has moved past."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.engine import Connection

from services.eventstore import RecordedEvent

from .database import generation_update

log = logging.getLogger("services.subscriptions.runner")

MAX_BACKOFF = 60.0


def mark(tx: Connection, name: str, target: Any, event: RecordedEvent, exc: Exception) -> None:
    attempts = (target.attempts or 0) + 1
    delay = min(MAX_BACKOFF, 0.5 * 2 ** (attempts - 1))
    log.error(
        "subscriber %s stuck at event %s (%s): %s, attempt %d, retry in %.1fs",
        name,
        event.event_id,
        event.type,
        type(exc).__name__,
        attempts,
        delay,
    )
    tx.execute(
        generation_update(name, target.generation).values(
            stuck_event_id=str(event.event_id),
            stuck_position=str(event.position),
            error=f"{type(exc).__name__}: {exc}"[:1000],
            attempts=attempts,
            retry_at=datetime.now(UTC) + timedelta(seconds=delay),
        )
    )


def clear(tx: Connection, name: str, generation: int) -> None:
    log.info("subscriber %s moved past the event it was stuck on", name)
    tx.execute(
        generation_update(name, generation).values(
            stuck_event_id=None, stuck_position=None, error=None, attempts=0, retry_at=None
        )
    )
