"""Runs one subscriber: catch-up in batches from its checkpoint, then live; rebuilds a new version
beside the old one and switches over when it has caught up (blue/green).

Each batch is one transaction holding the handler's writes and the checkpoint, so a crash at any
point repeats nothing and loses nothing. An event whose handler raises stops the subscriber
there: the events before it commit, the failure is recorded and retried with backoff, never
skipped unless an operator parks that event.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from services.eventstore import EventStore, Position, RecordedEvent

from . import checkpoint, statistics, stuck
from .applying import BatchFailed, Failure, apply_each, apply_whole, reached
from .columns import aware
from .database import (
    alone,
    commit_lazily,
    create_all,
    generation_update,
    querying,
    scrub,
    scrub_mark,
    subscriptions,
    writing,
)
from .lease import Lease
from .sharing import Shared, next_events
from .subscriber import Subscriber

log = logging.getLogger(__name__)

RETIRED_GRACE = timedelta(seconds=60)
IDLE_TRUSTED_SECONDS = 1.0  # a replay switched over may move the checkpoint back (0032)


class ReadModelTooNew(RuntimeError):
    """The database holds a newer version of this read model than the running code declares."""


class SubscriptionRunner:
    def __init__(
        self,
        store: EventStore,
        engine: Engine,
        subscriber: Subscriber,
        batch_size: int = 500,
        lease: Lease | None = None,
    ) -> None:
        self.subscriber = subscriber
        self._store = store
        self._engine = engine
        self._batch = batch_size
        self._lease = lease or Lease(engine, f"subscription:{subscriber.name}")
        self._tables: dict[int, Any] = {}
        self._metadata: dict[int, sa.MetaData] = {}
        self._scrub_due = self._scrub_waits = False
        self._scrub_mark: int | None = None
        self._active: tuple[float, int] | None = None
        self._idle_at: tuple[Position | None, float] | None = None
        self._prepare()

    @property
    def name(self) -> str:
        return self.subscriber.name

    def _prepare(self) -> None:
        version = self.subscriber.version
        with writing(self._engine) as conn, conn.begin():
            rows = {r.generation: r.status for r in self._rows(conn)}
            active = [g for g, s in rows.items() if s == "active"]
            if active and active[0] > version:
                raise ReadModelTooNew(
                    f"read model {self.name} is at version {active[0]} in its database; "
                    f"this code declares version {version}"
                )
            if version not in rows:
                status = "building" if active else "active"
                checkpoint.ensure(conn, self.name, version, status=status)
        self._generation_tables(version)

    def _rows(self, conn: Connection) -> list[Any]:
        return checkpoint.rows_of(conn, [self.name])[self.name]

    def _generation_tables(self, generation: int) -> Any:
        if generation not in self._tables:
            metadata = sa.MetaData()
            tables = self.subscriber.define(metadata, self.subscriber.suffix(generation))
            if generation == self.subscriber.version:
                create_all(self._engine, metadata)
            self._tables[generation] = tables
            self._metadata[generation] = metadata
        return self._tables[generation]

    def tables(self) -> Any:
        """The tables queries read: those of the active generation. While a new version builds,
        the old generation keeps serving (through this code's table definitions)."""
        now = time.monotonic()
        if self._active is None or now - self._active[0] > 1.0:
            with self._engine.connect() as conn:
                generation = conn.execute(
                    sa.select(subscriptions.c.generation).where(
                        subscriptions.c.name == self.name, subscriptions.c.status == "active"
                    )
                ).scalar()
            self._active = (now, generation or self.subscriber.version)
        return self._generation_tables(self._active[1])

    def run_once(
        self,
        limit: int | None = None,
        head: Position | None = None,
        shared: Shared | None = None,
    ) -> int:
        """Apply the next batch (at most `limit` events, the batch size by default) if this
        instance holds the lease; returns how many were applied. The subscribers of one
        service share, when given, `head` (the log's head taken before this call) and what
        `shared` reads and writes for all of them (sharing.py)."""
        if self._idle_at is not None:
            # Caught up with nothing pending at this head a moment ago: while it stays, the
            # wake-up was for others' events (or the timer's), and one statement says so.
            seen, since = self._idle_at
            fresh = time.monotonic() - since < IDLE_TRUSTED_SECONDS
            if fresh and (head := self._store.head() if head is None else head) == seen:
                return 0
            self._idle_at = None
        if not self._lease.acquire():
            return 0
        if shared is None:
            with self._engine.connect() as conn:
                found = self._rows(querying(conn))
        else:
            found = shared.rows(self.name)
        building = [r for r in found if r.status == "building"]
        target = (building or [r for r in found if r.status == "active"])[0]
        self._drop_retired(found)
        if target.retry_at is not None and aware(target.retry_at) > datetime.now(UTC):
            return 0
        # Taken before reading (the idle check's serves too): everything up to it will be read.
        head = self._store.head() if head is None else head
        text = target.position
        after = None if text is None else self._store.position_from_string(text)
        limit = limit or self._batch
        events = next_events(self._store, shared, after, limit, self.subscriber)
        settled = all(r.status in ("active", "dropped") for r in found)
        # The events an operator parked, read only when there is something to skip among.
        skip = checkpoint.parked_ids(self._engine, self.name) if events else set()
        return self._apply(target, after, head, events, skip, limit, settled, shared)

    def _apply(
        self,
        target: Any,
        after: Position | None,
        head: Position | None,
        events: list[RecordedEvent],
        skip: set[str],
        limit: int,
        settled: bool = False,
        shared: Shared | None = None,
    ) -> int:
        generation = target.generation
        idle = not events and target.error is None and target.status != "building"
        if idle:
            # Nothing to apply: the checkpoint, unless already at the head, moves there in one
            # statement (with the service's others when shared), and no transaction is opened.
            if head is not None and (after is None or head > after):
                move = (self.name, generation, target.position, str(head))
                if shared is not None:
                    shared.pass_over(*move)
                else:
                    with self._engine.connect() as conn:
                        checkpoint.pass_over(alone(conn), *move)
            if self._scrub_due:
                self._scrub(generation)
            if settled and target.retry_at is None and not self._scrub_due:
                self._idle_at = (head, time.monotonic())
            return 0
        todo = [e for e in events if str(e.event_id) not in skip] if skip else events
        try:
            applied = self._commit(target, after, head, events, todo, limit, whole=True)
        except BatchFailed:  # rolled back: again one event at a time, to find the one at fault
            applied = self._commit(target, after, head, events, todo, limit, whole=False)
        if statistics.due(target.applied, target.applied + applied):
            statistics.analyze(self._engine, self._metadata[generation].sorted_tables)
        if self._scrub_due:  # after the commit: a checkpoint or a VACUUM needs no transaction
            self._scrub(generation)
        return applied

    def forget_idle(self) -> None:
        """Read the log at the next pass even at the same head (its move did not happen)."""
        self._idle_at = None

    def _commit(
        self,
        target: Any,
        after: Position | None,
        head: Position | None,
        events: list[RecordedEvent],
        todo: list[RecordedEvent],
        limit: int,
        whole: bool,
    ) -> int:
        """One transaction applying `todo` (the batch's `events` less those parked) and moving
        the checkpoint. `whole`: expected to apply entirely, so the checkpoint is claimed and
        moved by one statement and no savepoint is taken; BatchFailed when it did not. Else
        one event at a time up to the failing one, whose failure is recorded."""
        generation = target.generation
        tables = self._generation_tables(generation)
        with self._engine.begin() as tx:
            failure: Failure | None = None
            if whole:
                last, caught_up = reached(events, after, head, limit)
                to = str(last) if last is not None and last != after else None
                checkpoint.claim(tx, self.name, generation, target.position, to, len(todo))
                apply_whole(self.subscriber, tx, tables, todo)
                applied = len(todo)
            else:
                checkpoint.claim(tx, self.name, generation, target.position)
                applied, failure = apply_each(self.subscriber, tx, tables, todo)
                done = events if failure is None else events[: events.index(failure[0])]
                last, caught_up = reached(done, after, head, limit, failure is None)
                if last is not None and last != after:
                    checkpoint.advance(tx, self.name, generation, str(last), applied)
            if failure is not None:
                stuck.mark(tx, self.name, target, *failure)
            elif target.error is not None:
                stuck.clear(tx, self.name, generation)
            switching = caught_up and target.status == "building"
            if switching:
                self._switch(tx, generation)
            if any(e.type in self.subscriber.scrub_after for e in todo[:applied]):
                self._scrub_mark, self._scrub_due = scrub_mark(tx), True
            if applied == 0 and failure is None and target.error is None and not switching:
                # Only the checkpoint moves (past events this subscriber skips or parked): a
                # crash losing the move reads them again, and again they change nothing.
                commit_lazily(tx)
        return applied

    @property
    def scrubbed(self) -> bool:
        """False while a scrub asked for (by an applied event) has not finished yet: it is
        tried again after each batch."""
        return not self._scrub_due

    def _scrub(self, generation: int) -> None:
        try:
            done = scrub(self._engine, self._metadata[generation].sorted_tables, self._scrub_mark)
        except sa.exc.DBAPIError as exc:
            log.warning("scrubbing %s failed: %s", self.name, type(exc).__name__)
            return
        if not done and not self._scrub_waits:
            log.warning("scrubbing %s waits for older readers: tried after each batch", self.name)
        self._scrub_due = self._scrub_waits = not done

    def _switch(self, tx: Connection, generation: int) -> None:
        log.info("read model %s version %d caught up: switching reads to it", self.name, generation)
        now = datetime.now(UTC)
        tx.execute(
            subscriptions.update()
            .where(subscriptions.c.name == self.name, subscriptions.c.status == "active")
            .values(status="retired", updated_at=now)
        )
        tx.execute(generation_update(self.name, generation).values(status="active", updated_at=now))
        self._active = None

    def _drop_retired(self, rows: list[Any]) -> None:
        """Old tables go a grace period after the switch (no replica reads them), then a scrub."""
        for row in rows:
            if (
                row.status == "retired"
                and aware(row.updated_at) < datetime.now(UTC) - RETIRED_GRACE
            ):
                metadata = sa.MetaData()
                self.subscriber.define(metadata, self.subscriber.suffix(row.generation))
                with self._engine.begin() as tx:
                    metadata.drop_all(tx, checkfirst=True)
                    tx.execute(
                        generation_update(self.name, row.generation).values(status="dropped")
                    )
                self._scrub_due = bool(self.subscriber.scrub_after)

    def wait_for(self, position: Position | str, timeout: float = 5.0) -> bool:
        """True once the read model queries see has applied everything up to `position`."""
        return checkpoint.wait_for(self._engine, self._store, self.name, position, timeout)

    def release(self) -> None:
        self._lease.release()
