"""Rebuilding a read model from the log on an operator's word (`quartier replay`): into fresh
tables beside the live ones (a side build, named), up to a point if asked, then kept there or
switched over. See docs/decisions/0032-replay.md.

A side build is the read model's own subscriber under another name (`<name>@<into>`), whose
tables end with `_<into>_v<version>`: the runner builds it as it builds any generation, with its
checkpoint, its lease and its failure handling. Switching over copies the side build's rows
into the live generation's tables and moves the live checkpoint to the side build's, in one
transaction: the running service keeps its table names, its queries see either the old rows or
the new ones, and its next batch (whose checkpoint claim then fails) resumes from there.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from services.eventstore import EventStore, Position, RecordedEvent

from .columns import numbered_by_database
from .database import generation_update, scrub, scrub_mark, subscriptions, writing
from .runner import SubscriptionRunner
from .subscriber import Subscriber

INTO = re.compile(r"[a-z][a-z0-9_]{0,19}")
BATCH = 5000  # events a replay applies per transaction (docs/decisions/0038)


class ReplayFailed(RuntimeError):
    """The rebuild stopped on an event its handler refused, or could not be switched over."""


@dataclass(frozen=True)
class Build:
    name: str
    position: str | None
    applied: int


def side(subscriber: Subscriber, into: str) -> Subscriber:
    """The read model under another name, over tables of its own."""
    if not INTO.fullmatch(into):
        raise ValueError("a build's name is 1 to 20 lower-case letters, digits or '_'")
    suffix = f"_{into}_v{subscriber.version}"
    return replace(
        subscriber,
        name=f"{subscriber.name}@{into}",
        define=lambda metadata, _suffix: subscriber.define(metadata, suffix),
    )


def tables_of(namespace: Any) -> dict[str, sa.Table]:
    """A subscriber's tables by the name its code uses for them."""
    items = namespace.items() if isinstance(namespace, dict) else vars(namespace).items()
    return {k: t for k, t in items if isinstance(t, sa.Table)}


class Until:
    """The log seen up to `last` (None: empty), for a build that stops there."""

    def __init__(self, store: EventStore, last: Position | None) -> None:
        self._store = store
        self._last = last

    def read_all(self, after: Position | None = None, **options: Any) -> Iterator[RecordedEvent]:
        if self._last is None:
            return
        for event in self._store.read_all(after=after, **options):
            if event.position > self._last:
                return
            yield event

    def head(self) -> Position | None:
        return self._last

    def position_from_string(self, text: str) -> Position:
        return self._store.position_from_string(text)


def last_position(store: EventStore, until: Position | datetime) -> Position | None:
    """The last position of the log a build up to `until` covers: the position itself (or the
    head, if it lies beyond), or the last event recorded at or before a time, read in log order
    up to the first one recorded after it."""
    head = store.head()
    if isinstance(until, Position):
        return None if head is None else min(until, head)
    moment = until if until.tzinfo else until.replace(tzinfo=UTC)
    last = None
    for event in store.read_all(limit=None):
        if event.recorded_at > moment:
            break
        last = event.position
    return last


def build(
    store: EventStore,
    engine: Engine,
    subscriber: Subscriber,
    into: str,
    until: Position | datetime | None = None,
    progress: Callable[[int], None] = lambda _n: None,
) -> Build:
    """A fresh side build of `subscriber` named `into`, up to `until` (None: the head)."""
    # Scrubbed once at the end rather than after every batch holding an erasure or a change
    # (a rewrite of the tables each time): nothing reads the build before it is done.
    built = replace(side(subscriber, into), scrub_after=())
    drop(engine, subscriber, into)
    view: Any = store if until is None else Until(store, last_position(store, until))
    runner = SubscriptionRunner(view, engine, built, batch_size=BATCH)
    target = view.head()
    applied = 0
    try:
        while (done := _batch(runner)) > 0:
            applied += done
            progress(applied)
    finally:
        runner.release()
    row = _row(engine, built.name)
    if row.stuck_event_id is not None:
        raise ReplayFailed(f"{subscriber.name} refused event {row.stuck_event_id}: {row.error}")
    if target is not None and (
        row.position is None or store.position_from_string(row.position) < target
    ):
        # Never switch a build over that stopped short: its runner found its lease held.
        raise ReplayFailed(
            f"the build {into} of {subscriber.name} stopped before position {target}: another "
            "replay of it holds its lease; try again once it is done"
        )
    if subscriber.scrub_after:
        with engine.begin() as tx:
            mark = scrub_mark(tx)
        metadata = sa.MetaData()
        scrub(engine, list(tables_of(built.define(metadata, "")).values()), mark)
    return Build(built.name, row.position, applied)


def _batch(runner: SubscriptionRunner) -> int:
    """One batch of the build, the cyclic collector held off while it runs and run once after.
    A batch holds its events, their decoded forms and their rows until it commits, a few
    hundred thousand objects: the collector, set off every 700 of them, walked each of them
    several times over while none could be garbage yet (a sixth of a replay's time, more than
    0038's gc.freeze had left). Refcounting frees them when the batch ends; the one young
    collection after it frees whatever cycles the batch made, so none outlives its batch."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return runner.run_once()
    finally:
        if enabled:
            gc.enable()
        gc.collect(0)


def drop(engine: Engine, subscriber: Subscriber, into: str) -> None:
    """Forget a side build: its tables and its checkpoint."""
    built = side(subscriber, into)
    metadata = sa.MetaData()
    built.define(metadata, "")
    with writing(engine) as conn, conn.begin():
        metadata.drop_all(conn, checkfirst=True)
        conn.execute(subscriptions.delete().where(subscriptions.c.name == built.name))


def switch(engine: Engine, subscriber: Subscriber, into: str) -> str | None:
    """Make the side build `into` the live read model; returns the live checkpoint now."""
    built = side(subscriber, into)
    with writing(engine) as conn, conn.begin():
        live_row = _live(conn, subscriber)
        source = conn.execute(
            sa.select(subscriptions).where(subscriptions.c.name == built.name)
        ).one()
        live_md, side_md = sa.MetaData(), sa.MetaData()
        live = tables_of(subscriber.define(live_md, subscriber.suffix(live_row.generation)))
        copies = tables_of(built.define(side_md, ""))
        by_table = {live[k].name: (live[k], copies[k]) for k in live}
        ordered = [by_table[t.name] for t in live_md.sorted_tables if t.name in by_table]
        for target, _ in reversed(ordered):
            conn.execute(target.delete())
        for target, origin in ordered:
            _copy(conn, target, origin)
        conn.execute(
            generation_update(subscriber.name, live_row.generation).values(
                position=source.position,
                applied=source.applied,
                stuck_event_id=None,
                stuck_position=None,
                error=None,
                attempts=0,
                retry_at=None,
                updated_at=datetime.now(UTC),
            )
        )
        mark = scrub_mark(conn)
    drop(engine, subscriber, into)
    # The rows replaced may hold what erasures removed since: no old copy stays on disk.
    scrub(engine, [t for t, _ in ordered], mark)
    return str(source.position) if source.position is not None else None


def _live(conn: Connection, subscriber: Subscriber) -> Any:
    rows = list(
        conn.execute(
            sa.select(subscriptions)
            .where(subscriptions.c.name == subscriber.name)
            .with_for_update()
        )
    )
    if any(r.status == "building" for r in rows):
        raise ReplayFailed(f"{subscriber.name} is rebuilding a new version: switch once it is done")
    active = [r for r in rows if r.status == "active"]
    if not active:
        raise ReplayFailed(f"{subscriber.name} has never run on this database: nothing to switch")
    if active[0].generation != subscriber.version:
        raise ReplayFailed(
            f"{subscriber.name} serves version {active[0].generation} here, this code builds "
            f"version {subscriber.version}"
        )
    return active[0]


def _copy(conn: Connection, target: sa.Table, origin: sa.Table) -> None:
    names = [c.name for c in target.columns]
    conn.execute(target.insert().from_select(names, sa.select(*(origin.c[n] for n in names))))
    if conn.dialect.name == "postgresql":
        for column in numbered_by_database(target):
            # Rows came with their numbers: the next number follows them.
            conn.execute(
                sa.text(
                    "SELECT setval(pg_get_serial_sequence(:t, :c),"
                    f" coalesce((SELECT max({column.name}) FROM {target.name}), 0) + 1, false)"
                ),
                {"t": target.name, "c": column.name},
            )
    else:
        _copy_sqlite_text_index(conn, target.name, origin.name)


def _copy_sqlite_text_index(conn: Connection, target: str, origin: str) -> None:
    """SQLite's full-text tables beside a table (`<table>_fts`) are filled by the read model's
    code, not by triggers: they follow the rows."""
    found = conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE name IN (?, ?) AND sql LIKE '%USING fts5%'",
        (f"{target}_fts", f"{origin}_fts"),
    ).fetchall()
    if len(found) != 2:
        return
    columns = [r[1] for r in conn.exec_driver_sql(f"PRAGMA table_info({target}_fts)")]
    listed = ", ".join(["rowid", *columns])
    conn.exec_driver_sql(f"DELETE FROM {target}_fts")
    conn.exec_driver_sql(f"INSERT INTO {target}_fts ({listed}) SELECT {listed} FROM {origin}_fts")


def _row(engine: Engine, name: str) -> Any:
    with engine.connect() as conn:
        return conn.execute(sa.select(subscriptions).where(subscriptions.c.name == name)).one()
