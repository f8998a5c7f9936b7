"""A toy read model used by the subscription tests: a count and a sum per stream, and a log of
every application, so doubled or lost events show."""

from __future__ import annotations

import os
import time
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from services.eventstore import RecordedEvent
from services.subscriptions import Subscriber


class Tables:
    def __init__(self, metadata: sa.MetaData, suffix: str) -> None:
        self.totals = sa.Table(
            f"totals{suffix}",
            metadata,
            sa.Column("stream", sa.String(100), primary_key=True),
            sa.Column("count", sa.Integer, nullable=False),
            sa.Column("total", sa.Integer, nullable=False),
        )
        self.applied = sa.Table(
            f"applied{suffix}",
            metadata,
            sa.Column("event_id", sa.String(36), primary_key=True),
            sa.Column("pid", sa.Integer, nullable=False),
        )


def apply(tx: Connection, tables: Tables, event: RecordedEvent, weight: int = 1) -> None:
    delay = float(os.environ.get("TOY_SUBSCRIBER_DELAY", "0"))
    if delay:
        time.sleep(delay)  # a slow handler on purpose: kills land mid-batch
    if event.data.get("poison") and not os.environ.get("TOY_CURED"):
        raise ValueError("this event cannot be applied")
    tx.execute(tables.applied.insert().values(event_id=str(event.event_id), pid=os.getpid()))
    n = int(event.data.get("n", 0)) * weight
    updated = tx.execute(
        tables.totals.update()
        .where(tables.totals.c.stream == event.stream)
        .values(count=tables.totals.c.count + 1, total=tables.totals.c.total + n)
    ).rowcount
    if not updated:
        tx.execute(tables.totals.insert().values(stream=event.stream, count=1, total=n))


def toy(version: int = 1, weight: int = 1, **filters: Any) -> Subscriber:
    return Subscriber(
        name="tests.totals",
        handle=lambda tx, tables, event: apply(tx, tables, event, weight),
        define=Tables,
        version=version,
        **filters,
    )


def snapshot(engine: sa.Engine, tables: Tables) -> dict[str, tuple[int, int]]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(tables.totals))
        return {r.stream: (r.count, r.total) for r in rows}
