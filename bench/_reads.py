"""Filling the log fast and timing reads from it.

The fill writes the adapters' own tables directly, in the shape their append writes (one `streams`
row per PostgreSQL stream, `xid` from the column default), because a million appends through the
store would take longer than the whole benchmark may."""

from __future__ import annotations

import itertools
import json
import random
import sqlite3
import statistics
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import _workload
import psycopg

from services.eventstore import EventStore

STREAM_LENGTH = 10
# One transaction per batch gives the log many transaction ids, as real appends would.
BATCH = 50_000
PAYLOADS = 4096

Row = tuple[uuid.UUID, str, str, int, str, int, str, str, datetime]


@dataclass(frozen=True)
class ReadAll:
    events: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.events / self.seconds


@dataclass(frozen=True)
class ReadStream:
    log_events: int
    streams: int
    median_ms: float
    p99_ms: float


def _streams(count: int, rng: random.Random) -> Iterator[tuple[str, list[Row]]]:
    """Streams of STREAM_LENGTH events, `count` events in all (rounded up to whole streams)."""
    # A pool of payloads: serialising a million fresh dicts would dominate the fill time.
    datas = [json.dumps(_workload.event_data(rng), separators=(",", ":")) for _ in range(PAYLOADS)]
    metas = [json.dumps(_workload.event_metadata(), separators=(",", ":")) for _ in range(PAYLOADS)]
    for _ in range(-(-count // STREAM_LENGTH)):
        stream = _workload.stream_name()
        now = datetime.now(UTC)
        yield (
            stream,
            [
                (
                    uuid.uuid4(),
                    stream,
                    _workload.CATEGORY,
                    version,
                    rng.choice(_workload.TYPES),
                    1,
                    rng.choice(datas),
                    rng.choice(metas),
                    now,
                )
                for version in range(STREAM_LENGTH)
            ],
        )


def _batches(count: int, rng: random.Random) -> Iterator[list[tuple[str, list[Row]]]]:
    streams = _streams(count, rng)
    while batch := list(itertools.islice(streams, BATCH // STREAM_LENGTH)):
        yield batch


def pg_count(dsn: str, schema: str) -> int:
    with psycopg.connect(dsn) as conn:
        row = conn.execute(f'SELECT count(*) FROM "{schema}".events').fetchone()
    return int(row[0]) if row else 0


def fill_pg(dsn: str, schema: str, count: int, rng: random.Random) -> list[str]:
    names: list[str] = []
    columns = ", ".join(_workload.COLUMNS)
    with psycopg.connect(dsn) as conn:
        for batch in _batches(count, rng):
            with conn.cursor() as cur:
                with cur.copy(f'COPY "{schema}".events ({columns}) FROM STDIN') as copy:
                    for _, rows in batch:
                        for r in rows:
                            copy.write_row(r)
                with cur.copy(f'COPY "{schema}".streams (name, version) FROM STDIN') as copy:
                    for name, _ in batch:
                        copy.write_row((name, STREAM_LENGTH - 1))
            conn.commit()
            names += [name for name, _ in batch]
    with psycopg.connect(dsn, autocommit=True) as conn:
        # What autovacuum would have done by now on a log grown by appends.
        conn.execute(f'VACUUM (ANALYZE) "{schema}".events')
        conn.execute(f'VACUUM (ANALYZE) "{schema}".streams')
    return names


def sqlite_count(path: str) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM events").fetchone()[0])


def fill_sqlite(path: str, count: int, rng: random.Random) -> list[str]:
    names: list[str] = []
    marks = ", ".join("?" * len(_workload.COLUMNS))
    insert = f"INSERT INTO events ({', '.join(_workload.COLUMNS)}) VALUES ({marks})"
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        # Durability of the fill is not what is measured.
        conn.execute("PRAGMA synchronous=OFF")
        for batch in _batches(count, rng):
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(
                insert,
                ((str(r[0]), *r[1:8], r[8].isoformat()) for _, rows in batch for r in rows),
            )
            conn.execute("COMMIT")
            names += [name for name, _ in batch]
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return names


def time_read_all(store: EventStore) -> ReadAll:
    start = time.perf_counter()
    events = sum(1 for _ in store.read_all(limit=None))
    return ReadAll(events, time.perf_counter() - start)


def time_read_stream(
    store: EventStore, names: list[str], samples: int, log_events: int, rng: random.Random
) -> ReadStream:
    picked = rng.sample(names, min(samples, len(names)))
    for name in picked[:20]:
        store.read_stream(name)
    latencies = []
    for name in picked:
        start = time.perf_counter()
        events = store.read_stream(name)
        latencies.append(time.perf_counter() - start)
        if len(events) != STREAM_LENGTH:
            raise RuntimeError(f"read_stream({name}) gave {len(events)} events")
    p99 = statistics.quantiles(latencies, n=100)[98] if len(latencies) > 1 else latencies[0]
    return ReadStream(log_events, len(picked), statistics.median(latencies) * 1e3, p99 * 1e3)
