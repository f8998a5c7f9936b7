"""A toy read model run as a real Nameko service: one row per event applied, and per stream
the count and last version (so an event applied twice or out of order cannot hide)."""

from __future__ import annotations

import time
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from nameko.rpc import rpc

from services.runtime.subscriptions import Subscriptions
from services.subscriptions import Subscriber, generations

CATEGORY = "toy.counter"


APPLIED = sa.Table(
    "toy_applied",
    sa.MetaData(),
    sa.Column("event_id", sa.String(36), primary_key=True),
    sa.Column("stream", sa.String(200), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("position", sa.String(100), nullable=False),
    sa.Column("handled_at", sa.Float, nullable=False),
)
STREAMS = sa.Table(
    "toy_streams",
    sa.MetaData(),
    sa.Column("stream", sa.String(200), primary_key=True),
    sa.Column("count", sa.Integer, nullable=False),
    sa.Column("last_version", sa.Integer, nullable=False),
)
define = generations(applied=APPLIED, streams=STREAMS)


def handle(tx: Any, t: SimpleNamespace, event: Any) -> None:
    tx.execute(
        t.applied.insert().values(
            event_id=str(event.event_id),
            stream=event.stream,
            version=event.version,
            position=str(event.position),
            handled_at=time.time(),
        )
    )
    row = tx.execute(sa.select(t.streams).where(t.streams.c.stream == event.stream)).first()
    expected = -1 if row is None else row.last_version
    if event.version != expected + 1:
        raise AssertionError(f"{event.stream}: version {event.version} after {expected}")
    if row is None:
        tx.execute(t.streams.insert().values(stream=event.stream, count=1, last_version=0))
    else:
        tx.execute(
            t.streams.update()
            .where(t.streams.c.stream == event.stream)
            .values(count=row.count + 1, last_version=event.version)
        )


TOY = Subscriber("toy.counter", handle, define=define, categories=(CATEGORY,))


class Toy:
    name = "toy"
    subscriptions = Subscriptions(TOY)

    @rpc
    def applied(self, after: str | None = None, timeout: float = 5.0) -> dict[str, Any]:
        caught_up = self.subscriptions.wait_for(after, timeout) if after else True
        return {"caught_up": caught_up}
