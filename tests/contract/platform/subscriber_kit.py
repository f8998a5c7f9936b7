"""A toy read model used by the subscription tests: a count and a sum per stream, and a log of
every application, so doubled or lost events show. `toy(batched=True)` also applies a batch at
once (bulk statements), as a read model's `handle_batch` does."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
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


def apply_batch(tx: Connection, tables: Tables, events: Sequence[RecordedEvent]) -> None:
    delay = float(os.environ.get("TOY_SUBSCRIBER_DELAY", "0"))
    sums: dict[str, list[int]] = {}
    for event in events:
        if delay:
            time.sleep(delay)
        if event.data.get("poison") and not os.environ.get("TOY_CURED"):
            raise ValueError("this batch holds an event that cannot be applied")
        count_total = sums.setdefault(event.stream, [0, 0])
        count_total[0] += 1
        count_total[1] += int(event.data.get("n", 0))
    rows = [{"event_id": str(e.event_id), "pid": os.getpid()} for e in events]
    tx.execute(tables.applied.insert(), rows)
    t = tables.totals
    known = set(tx.execute(sa.select(t.c.stream).where(t.c.stream.in_(list(sums)))).scalars())
    fresh = [{"stream": s, "count": c, "total": n} for s, (c, n) in sums.items() if s not in known]
    if fresh:
        tx.execute(t.insert(), fresh)
    added = [{"s": s, "c": c, "n": n} for s, (c, n) in sums.items() if s in known]
    if added:
        tx.execute(
            t.update()
            .where(t.c.stream == sa.bindparam("s"))
            .values(count=t.c.count + sa.bindparam("c"), total=t.c.total + sa.bindparam("n")),
            added,
        )


def toy(version: int = 1, weight: int = 1, batched: bool = False, **filters: Any) -> Subscriber:
    return Subscriber(
        name="tests.totals",
        handle=lambda tx, tables, event: apply(tx, tables, event, weight),
        define=Tables,
        version=version,
        handle_batch=apply_batch if batched and weight == 1 else None,
        **filters,
    )


def snapshot(engine: sa.Engine, tables: Tables) -> dict[str, tuple[int, int]]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(tables.totals))
        return {r.stream: (r.count, r.total) for r in rows}
