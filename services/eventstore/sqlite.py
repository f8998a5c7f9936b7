"""SQLite adapter, the embedded default. One writer at a time (BEGIN IMMEDIATE), so the rowid is
already a gap-free commit order and serves as the position. Each row's hash chains over the
previous event of its stream, read inside the same write transaction (ledger.py)."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from . import sqlite_ledger as ledger
from .appends import Pending, pending, repeated_append
from .grouping import GroupAppend, GroupCommit, Settled, settled
from .ledger import Checkpoint, StoredRecord
from .model import (
    ANY,
    AppendResult,
    DuplicateEventId,
    EventStore,
    EventStoreUnavailable,
    ExpectedVersion,
    Filters,
    NewEvent,
    Position,
    RecordedEvent,
    WrongExpectedVersion,
    check_stream,
)
from .reading import chunked, log_id, pages
from .sqlite_appends import Refused, write_group
from .sqlite_journal import journal_wal
from .sqlite_wakeups import SQLiteWakeups
from .wakeups import Signal, SignalWakeups, Wakeups

PAGE = 1000

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    stream TEXT NOT NULL,
    category TEXT NOT NULL,
    version INTEGER NOT NULL,
    type TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    data TEXT NOT NULL,
    metadata TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    hash BLOB,
    UNIQUE (stream, version)
);
CREATE INDEX IF NOT EXISTS events_category ON events (category, id);
CREATE INDEX IF NOT EXISTS events_type ON events (type, id);
"""

COLUMNS = "id, event_id, stream, version, type, schema_version, data, metadata, recorded_at"


class SQLiteEventStore(EventStore):
    def __init__(self, path: str) -> None:
        self._path = path
        if path != ":memory:":
            try:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise EventStoreUnavailable(
                    f"SQLite event store {path}: cannot create its folder ({exc.strerror})"
                ) from None
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        self._signal = Signal()
        self._group: GroupCommit[Pending, AppendResult | Refused] = GroupCommit(self._write)
        with self._translated():
            ledger.create(self._conn(), SCHEMA)
        if path != ":memory:":
            # The file itself: the same log under any path that leads to it, and a file made
            # anew at the same path is another log.
            found = os.stat(path)
            self.log_id = log_id("sqlite", found.st_dev, found.st_ino)

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            try:
                # Every process of `make run` opens the log at once: switching a new file to WAL
                # takes its lock, so the wait for it is set before the first statement.
                conn = sqlite3.connect(
                    self._path, isolation_level=None, check_same_thread=False, timeout=30.0
                )
                conn.execute("PRAGMA busy_timeout=30000")
                journal_wal(conn)
                conn.execute("PRAGMA synchronous=NORMAL")
                conn.execute("PRAGMA secure_delete=ON")
            except sqlite3.Error as exc:
                raise EventStoreUnavailable(
                    f"SQLite event store {self._path} cannot be opened: {exc}"
                ) from None
            self._local.conn = conn
            with self._guard:
                self._all.append(conn)
        return conn

    def append(
        self, stream: str, events: Sequence[NewEvent], expected_version: ExpectedVersion = ANY
    ) -> AppendResult:
        p = pending(stream, events, expected_version)
        with self._translated():
            return self._settle(p, self._group.submit(p))

    def append_group(self, appends: Sequence[GroupAppend]) -> list[Settled]:
        """The appends in one transaction, each with its own outcome (grouping.append_group)."""
        group = [pending(*a) for a in appends]
        with self._translated():
            outcomes = self._write(group)
            return [settled(self._settle, *pair) for pair in zip(group, outcomes, strict=True)]

    @contextmanager
    def _translated(self) -> Iterator[None]:
        """SQLite's own errors (locked past the busy timeout, disk full, unreadable file) leave
        the adapter as EventStoreUnavailable naming the file."""
        try:
            yield
        except sqlite3.Error as exc:
            raise EventStoreUnavailable(f"SQLite event store {self._path} failed: {exc}") from None

    def _settle(self, p: Pending, outcome: AppendResult | Refused) -> AppendResult:
        if isinstance(outcome, AppendResult):
            return outcome
        # Only a refused append can be a repeat: look for its event ids now, not before.
        found = self._find(self._conn(), [e.event_id for e in p.encoded])
        repeat = repeated_append(p.stream, p.encoded, p.expected, found)
        if repeat is not None:
            return repeat
        if isinstance(outcome.error, WrongExpectedVersion):
            raise outcome.error
        raise DuplicateEventId(p.stream, p.encoded[0].event_id) from None

    def _write(self, group: Sequence[Pending]) -> list[AppendResult | Refused]:
        outcomes = write_group(self._conn(), group)
        self._signal.appended()
        return outcomes

    def wakeups(self) -> Wakeups:
        """A listener for appends to this file, from this process or any other."""
        if self._path == ":memory:":
            return SignalWakeups(self._signal)
        with self._translated():
            return SQLiteWakeups(self._path, self._signal)

    def _find(self, conn: sqlite3.Connection, ids: list[uuid.UUID]) -> list[RecordedEvent | None]:
        marks = ",".join("?" * len(ids))
        rows = conn.execute(
            f"SELECT {COLUMNS} FROM events WHERE event_id IN ({marks})", [str(i) for i in ids]
        ).fetchall()
        by_id = {r.event_id: r for r in map(_recorded, rows)}
        return [by_id.get(i) for i in ids]

    def read_stream(self, stream: str, from_version: int = 0) -> list[RecordedEvent]:
        check_stream(stream)
        with self._translated():
            rows = self._conn().execute(
                f"SELECT {COLUMNS} FROM events WHERE stream = ? AND version >= ? ORDER BY version",
                (stream, from_version),
            )
            return [_recorded(r) for r in rows]

    def read_after(
        self, after: Position | None, limit: int | None, cats: Filters, kinds: Filters
    ) -> Iterator[RecordedEvent]:
        where, params = "", []
        if cats is not None:
            where += f" AND category IN ({','.join('?' * len(cats))})"
            params += list(cats)
        if kinds is not None:
            where += f" AND type IN ({','.join('?' * len(kinds))})"
            params += list(kinds)

        def fetch(cursor: int, page: int) -> list[tuple[Any, ...]]:
            with self._translated():
                return (
                    self._conn()
                    .execute(
                        f"SELECT {COLUMNS} FROM events WHERE id > ?{where} ORDER BY id LIMIT ?",
                        [cursor, *params, page],
                    )
                    .fetchall()
                )

        start = 0 if after is None else after.parts[0]
        rows = pages(start, limit, PAGE, fetch, lambda row: row[0])
        return (_recorded(row) for row in rows)

    def read_at(self, positions: Iterable[Position]) -> list[RecordedEvent]:
        wanted = sorted({p.parts[0] for p in positions if len(p.parts) == 1})
        rows: list[tuple[Any, ...]] = []
        with self._translated():
            for ids in chunked(wanted, PAGE):
                marks = ",".join("?" * len(ids))
                query = f"SELECT {COLUMNS} FROM events WHERE id IN ({marks}) ORDER BY id"
                rows += self._conn().execute(query, ids).fetchall()
        return [_recorded(r) for r in rows]

    def head(self) -> Position | None:
        with self._translated():
            row = self._conn().execute("SELECT MAX(id) FROM events").fetchone()
        return None if row[0] is None else Position((row[0],))

    def position_from_string(self, text: str) -> Position:
        return Position.parse(text, 1)

    def stored(self, after: Position | None = None) -> Iterator[StoredRecord]:
        def fetch(cursor: int, page: int) -> list[tuple[Any, ...]]:
            with self._translated():
                return (
                    self._conn()
                    .execute(
                        f"SELECT {ledger.STORED} FROM events WHERE id > ? ORDER BY id LIMIT ?",
                        (cursor, page),
                    )
                    .fetchall()
                )

        start = 0 if after is None else after.parts[0]
        return (ledger.stored(r) for r in pages(start, None, PAGE, fetch, lambda row: row[0]))

    def stored_event(self, stream: str, version: int) -> StoredRecord | None:
        with self._translated():
            row = (
                self._conn()
                .execute(
                    f"SELECT {ledger.STORED} FROM events WHERE stream = ? AND version = ?",
                    (stream, version),
                )
                .fetchone()
            )
        return None if row is None else ledger.stored(row)

    def stream_heads(self) -> dict[str, int] | None:
        return None

    def checkpoints(self) -> list[Checkpoint]:
        with self._translated():
            return ledger.checkpoints(self._conn())

    def add_checkpoint(self, checkpoint: Checkpoint) -> None:
        with self._translated():
            ledger.add_checkpoint(self._conn(), checkpoint)

    def close(self) -> None:
        with self._guard:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()


def _recorded(row: tuple) -> RecordedEvent:  # type: ignore[type-arg]
    rowid, event_id, stream, version, type_, schema_version, data, metadata, recorded_at = row
    return RecordedEvent(
        event_id=uuid.UUID(event_id),
        stream=stream,
        version=version,
        position=Position((rowid,)),
        type=type_,
        schema_version=schema_version,
        data=json.loads(data),
        metadata=json.loads(metadata),
        recorded_at=datetime.fromisoformat(recorded_at),
    )
