"""What operators see and do: each subscriber's state, stuck events, parking one explicitly."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from .database import parked, subscriptions


def status(engine: Engine) -> list[dict[str, Any]]:
    """Every subscriber generation in this database: position, events applied, stuck state."""
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(subscriptions)
            .where(subscriptions.c.status != "dropped")
            .order_by(subscriptions.c.name, subscriptions.c.generation)
        )
        return [dict(r._mapping) for r in rows]


def stuck(engine: Engine) -> list[dict[str, Any]]:
    return [row for row in status(engine) if row["stuck_event_id"] is not None]


def park(engine: Engine, name: str, event_id: str, reason: str, actor: str) -> None:
    """Let subscriber `name` pass over one event, on an operator's explicit word (kept with why
    and who). Its next run moves on at once instead of waiting out its backoff."""
    if not reason.strip():
        raise ValueError("parking an event needs a reason")
    with engine.begin() as tx:
        known = tx.execute(
            sa.select(subscriptions.c.name).where(subscriptions.c.name == name)
        ).first()
        if known is None:
            raise LookupError(f"no subscriber named {name}")
        tx.execute(
            parked.insert().values(
                name=name,
                event_id=event_id,
                reason=reason,
                actor=actor,
                parked_at=datetime.now(UTC),
            )
        )
        tx.execute(
            subscriptions.update()
            .where(subscriptions.c.name == name, subscriptions.c.stuck_event_id == event_id)
            .values(retry_at=None)
        )


def parked_events(engine: Engine, name: str) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(parked.select().where(parked.c.name == name))
        return [dict(r._mapping) for r in rows]
