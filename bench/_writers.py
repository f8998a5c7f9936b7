"""Concurrent writers in spawned processes, each with its own connection, one event per commit.

Every writer connects and warms up before any starts its timed window, so the window holds only
appends, not imports, connects or schema checks."""

from __future__ import annotations

import multiprocessing
import queue
import random
import sqlite3
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import _workload

WARMUP_APPENDS = 3
SETUP_TIMEOUT = 180.0

Append = Callable[[], None]


@dataclass(frozen=True)
class WriteResult:
    appends: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.appends / self.seconds if self.seconds else 0.0


class WriterPool:
    """Writer processes kept for the whole run: starting 16 interpreters that import SQLAlchemy
    takes longer on 2 cores than a timed window does."""

    def __init__(self, size: int) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._results: Any = ctx.Queue()
        self._commands: list[Any] = [ctx.Queue() for _ in range(size)]
        self._procs = [
            ctx.Process(target=_serve, args=(i, q, self._results), daemon=True)
            for i, q in enumerate(self._commands)
        ]
        for p in self._procs:
            p.start()

    def run(self, kind: str, target: str, writers: int, seconds: float) -> WriteResult:
        """`writers` processes append through `kind` to `target` for `seconds`: appends/s over
        the union of their timed windows."""
        active = self._commands[:writers]
        for q in active:
            q.put((kind, target, seconds))
        self._collect(kind, writers, SETUP_TIMEOUT)
        for q in active:
            q.put("go")
        reports = self._collect(kind, writers, seconds + SETUP_TIMEOUT)
        start = min(r[1] for r in reports)
        end = max(r[2] for r in reports)
        return WriteResult(sum(r[0] for r in reports), end - start)

    def _collect(self, kind: str, count: int, timeout: float) -> list[Any]:
        replies: list[Any] = []
        deadline = time.monotonic() + timeout
        while len(replies) < count:
            try:
                replies.append(self._results.get(timeout=1))
            except queue.Empty:
                if not all(p.is_alive() for p in self._procs):
                    raise RuntimeError(f"a {kind} writer process died") from None
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{kind} writers did not answer in {timeout:.0f}s") from None
        failed = [r for r in replies if isinstance(r, str) and r != "ready"]
        if failed:
            raise RuntimeError(f"{kind} writer failed:\n{failed[0]}")
        return replies

    def close(self) -> None:
        for p in self._procs:
            p.kill()
            p.join(timeout=10)

    def __enter__(self) -> WriterPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _serve(seed: int, commands: Any, results: Any) -> None:
    rng = random.Random(seed)
    while True:
        kind, target, seconds = commands.get()
        try:
            append, close = SETUPS[kind](target, rng)
            for _ in range(WARMUP_APPENDS):
                append()
        except BaseException:
            results.put(traceback.format_exc())
            continue
        results.put("ready")
        commands.get()
        try:
            count = 0
            # CLOCK_MONOTONIC is system-wide on Linux, so windows of different processes compare.
            start = time.monotonic()
            deadline = start + seconds
            while time.monotonic() < deadline:
                append()
                count += 1
            results.put((count, start, time.monotonic()))
        except BaseException:
            results.put(traceback.format_exc())
        finally:
            close()


def _store(url: str, rng: random.Random) -> tuple[Append, Callable[[], None]]:
    from services.eventstore import NO_STREAM, connect

    store = connect(url)

    def append() -> None:
        store.append(_workload.stream_name(), [_workload.new_event(rng)], NO_STREAM)

    return append, store.close


def _pg_raw(target: str, rng: random.Random, lock: str = "") -> tuple[Append, Any]:
    import psycopg

    dsn, table = target.split(" ", 1)
    conn = psycopg.connect(dsn)
    insert = f"INSERT INTO {table} ({', '.join(_workload.COLUMNS)}) VALUES ({_marks('%s')})"

    def append() -> None:
        with conn.cursor() as cur:
            if lock:
                cur.execute(f"SELECT {lock}(1)")
            cur.execute(insert, _workload.row(rng, _workload.stream_name()))
        conn.commit()

    return append, conn.close


def _pg_locked(target: str, rng: random.Random) -> tuple[Append, Any]:
    return _pg_raw(target, rng, lock="pg_advisory_xact_lock")


def _pg_shared(target: str, rng: random.Random) -> tuple[Append, Any]:
    return _pg_raw(target, rng, lock="pg_advisory_xact_lock_shared")


def _sqlite_raw(path: str, rng: random.Random) -> tuple[Append, Any]:
    conn = sqlite3.connect(path, isolation_level=None)
    # The adapter's durability and waiting rules, so only the store's own work differs.
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA busy_timeout=30000")
    insert = f"INSERT INTO raw_events ({', '.join(_workload.COLUMNS)}) VALUES ({_marks('?')})"

    def append() -> None:
        event_id, *rest, recorded_at = _workload.row(rng, _workload.stream_name())
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(insert, (str(event_id), *rest, recorded_at.isoformat()))
        conn.execute("COMMIT")

    return append, conn.close


def _marks(mark: str) -> str:
    return ", ".join([mark] * len(_workload.COLUMNS))


SETUPS: dict[str, Callable[[str, random.Random], tuple[Append, Any]]] = {
    "store": _store,
    "pg_raw": _pg_raw,
    "pg_locked": _pg_locked,
    "pg_shared": _pg_shared,
    "sqlite_raw": _sqlite_raw,
}

SQLITE_RAW_TABLE = """
CREATE TABLE IF NOT EXISTS raw_events (
    id INTEGER PRIMARY KEY, event_id TEXT NOT NULL, stream TEXT NOT NULL, category TEXT NOT NULL,
    version INTEGER NOT NULL, type TEXT NOT NULL, schema_version INTEGER NOT NULL,
    data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at TEXT NOT NULL
)"""

PG_RAW_TABLE = """
CREATE TABLE {table} (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    xid bigint NOT NULL DEFAULT pg_current_xact_id()::text::bigint,
    event_id uuid NOT NULL, stream text NOT NULL, category text NOT NULL, version integer NOT NULL,
    type text NOT NULL, schema_version integer NOT NULL, data text NOT NULL,
    metadata text NOT NULL, recorded_at timestamptz NOT NULL
)"""
