"""Side effects on the outside world (mail, letters), written in the handler's transaction and
sent afterwards by a dispatcher with retries, backoff and an idempotency key.

A crash between sending and recording "sent" sends again with the same idempotency key, which
senders pass on (Message-ID of a mail, file name of a letter) so the far side can drop the copy.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine

from services.eventstore.reading import chunked

from .database import outbox
from .lease import Lease

log = logging.getLogger(__name__)

Sender = Callable[[dict[str, Any], str], None]
MAX_ATTEMPTS = 8
MAX_BACKOFF = timedelta(hours=1)
# Messages per INSERT: seven parameters each, under every backend's limit of parameters.
ROWS_PER_INSERT = 500


def add(
    tx: Connection,
    channel: str,
    idempotency_key: str,
    payload: dict[str, Any],
    not_before: datetime | None = None,
) -> None:
    """Queue a message inside the caller's transaction; the same key twice queues it once.
    `not_before` holds it until then (a resident's quiet hours)."""
    add_each(tx, channel, [(idempotency_key, payload, not_before)])


def add_each(
    tx: Connection,
    channel: str,
    messages: Sequence[tuple[str, dict[str, Any], datetime | None]],
) -> None:
    """Queue each of `messages` (idempotency key, payload, not before) as `add` does, in one
    statement for as many as fit in one."""
    insert = pg_insert if tx.dialect.name == "postgresql" else sqlite_insert
    now = datetime.now(UTC)
    rows = [
        {
            "idempotency_key": key,
            "channel": channel,
            "payload": json.dumps(payload),
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": max(now, not_before) if not_before is not None else now,
            "created_at": now,
        }
        for key, payload, not_before in messages
    ]
    for part in chunked(rows, ROWS_PER_INSERT):
        statement = insert(outbox).values(list(part))
        tx.execute(statement.on_conflict_do_nothing(index_elements=["idempotency_key"]))


def drop(tx: Connection, key_prefix: str) -> int:
    """Drop the messages not sent yet whose key starts with `key_prefix` (those of an erased
    resident), their payload with them; how many were dropped."""
    dropped = tx.execute(
        outbox.update()
        .where(
            outbox.c.idempotency_key.startswith(key_prefix, autoescape=True),
            outbox.c.status.in_(("pending", "dead")),
        )
        .values(status="dropped", payload="{}", last_error=None)
    ).rowcount
    return int(dropped or 0)


class Dispatcher:
    def __init__(
        self,
        engine: Engine,
        senders: Mapping[str, Sender],
        max_attempts: int = MAX_ATTEMPTS,
        base_delay: timedelta = timedelta(seconds=5),
        name: str = "outbox",
    ) -> None:
        self._engine = engine
        self._senders = dict(senders)
        self._max_attempts = max_attempts
        self._base_delay = base_delay
        self._lease = Lease(engine, f"dispatcher:{name}")

    def dispatch_once(self, limit: int = 100) -> int:
        """Send what is due; returns how many were sent."""
        if not self._lease.acquire():
            return 0
        now = datetime.now(UTC)
        with self._engine.connect() as conn:
            due = list(
                conn.execute(
                    sa.select(outbox)
                    .where(
                        outbox.c.status == "pending",
                        outbox.c.next_attempt_at <= now,
                        outbox.c.channel.in_(list(self._senders)),
                    )
                    .order_by(outbox.c.id)
                    .limit(limit)
                )
            )
        sent = 0
        for row in due:
            try:
                self._senders[row.channel](json.loads(row.payload), row.idempotency_key)
            except Exception as exc:
                self._failed(row, exc)
                continue
            with self._engine.begin() as tx:
                tx.execute(
                    outbox.update()
                    .where(outbox.c.id == row.id)
                    .values(status="sent", sent_at=datetime.now(UTC), attempts=row.attempts + 1)
                )
            sent += 1
        return sent

    def _failed(self, row: Any, exc: Exception) -> None:
        attempts = row.attempts + 1
        dead = attempts >= self._max_attempts
        delay = min(MAX_BACKOFF, self._base_delay * 2 ** (attempts - 1))
        log.warning(
            "outbox %s message %s failed (%s), attempt %d%s",
            row.channel,
            row.id,
            type(exc).__name__,
            attempts,
            ": dead-lettered" if dead else "",
        )
        with self._engine.begin() as tx:
            tx.execute(
                outbox.update()
                .where(outbox.c.id == row.id)
                .values(
                    status="dead" if dead else "pending",
                    attempts=attempts,
                    next_attempt_at=datetime.now(UTC) + delay,
                    last_error=f"{type(exc).__name__}: {exc}"[:1000],
                )
            )

    def release(self) -> None:
        self._lease.release()


def dead_letters(engine: Engine) -> list[dict[str, Any]]:
    """Messages that failed every attempt, for operators to inspect and retry."""
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(
                outbox.c.id,
                outbox.c.channel,
                outbox.c.idempotency_key,
                outbox.c.attempts,
                outbox.c.last_error,
                outbox.c.created_at,
            )
            .where(outbox.c.status == "dead")
            .order_by(outbox.c.id)
        )
        return [dict(r._mapping) for r in rows]


def retry(engine: Engine, message_id: int) -> bool:
    """Put a dead letter back in line with fresh attempts; False when there is no such letter."""
    with engine.begin() as tx:
        moved = tx.execute(
            outbox.update()
            .where(outbox.c.id == message_id, outbox.c.status == "dead")
            .values(status="pending", attempts=0, next_attempt_at=datetime.now(UTC))
        ).rowcount
    return bool(moved)
