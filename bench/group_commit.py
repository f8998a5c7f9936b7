"""Group commit: appends/s of N writer threads sharing one store in one process (as a Nameko
service's workers do), beside baselines measured in the same run, in alternating rounds.

    .venv/bin/python bench/group_commit.py                 # appends to bench/RESULTS.md
    .venv/bin/python bench/group_commit.py --quick         # smoke run, not recorded

PostgreSQL: the store against the raw one-row-per-commit INSERT (psycopg, one connection per
thread, the rows `append` writes into a plain table). SQLite: the store against the eventsourcing
library's SQLite application recorder, both in WAL mode with synchronous=NORMAL (the store's
setting, applied to the recorder's connections), one event per transaction to a new stream.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

# This checkout's adapters (the helpers below import them too), not whichever checkout the
# virtualenv has installed.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import _ratios
import _report
import _workload
import _writers
import psycopg
from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteConnectionPool, SQLiteDatastore

from services.eventstore import NO_STREAM, connect

HERE = Path(__file__).resolve().parent

PG = os.environ.get("QUARTIER_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")
Append = Callable[[random.Random], None]
Setup = Callable[[], tuple[Callable[[], Append], Callable[[], None]]]


def threaded_rate(setup: Setup, writers: int, seconds: float) -> float:
    """Appends/s of `writers` threads, each calling its own `make()` flat out for `seconds`;
    everything `setup` opened is closed after."""
    make, close = setup()
    try:
        return _timed([make() for _ in range(writers)], seconds)
    finally:
        close()


def _timed(appends: list[Append], seconds: float) -> float:
    writers = len(appends)
    counts = [0] * writers
    start = threading.Barrier(writers + 1)
    deadline = [0.0]

    def work(i: int) -> None:
        rng = random.Random(i)
        start.wait()
        while time.monotonic() < deadline[0]:
            appends[i](rng)
            counts[i] += 1

    threads = [threading.Thread(target=work, args=(i,)) for i in range(writers)]
    for t in threads:
        t.start()
    began = time.monotonic()
    deadline[0] = began + seconds
    start.wait()
    for t in threads:
        t.join()
    return sum(counts) / (time.monotonic() - began)


def store_appender(url: str) -> Setup:
    def setup() -> tuple[Callable[[], Append], Callable[[], None]]:
        store = connect(url)

        def append(rng: random.Random) -> None:
            store.append(_workload.stream_name(), [_workload.new_event(rng)], NO_STREAM)

        return lambda: append, store.close

    return setup


def pg_raw_appender(dsn: str, table: str) -> Setup:
    insert = (
        f"INSERT INTO {table} ({', '.join(_workload.COLUMNS)}) "
        f"VALUES ({', '.join(['%s'] * len(_workload.COLUMNS))})"
    )

    def setup() -> tuple[Callable[[], Append], Callable[[], None]]:
        opened: list[psycopg.Connection[object]] = []

        def make() -> Append:
            conn = psycopg.connect(dsn)
            opened.append(conn)  # type: ignore[arg-type]

            def append(rng: random.Random) -> None:
                conn.execute(insert, _workload.row(rng, _workload.stream_name()))
                conn.commit()

            return append

        return make, lambda: [c.close() for c in opened] and None

    return setup


class _NormalSyncPool(SQLiteConnectionPool):
    """The recorder's connections at the store's durability: WAL, synchronous=NORMAL."""

    def _create_connection(self):  # type: ignore[no-untyped-def]
        connection = super()._create_connection()
        connection._sqlite_conn.execute("PRAGMA synchronous=NORMAL")
        return connection


def recorder_appender(path: str, writers: int) -> Setup:
    def setup() -> tuple[Callable[[], Append], Callable[[], None]]:
        datastore = SQLiteDatastore(path, pool_size=writers, lock_timeout=30)
        datastore.pool.close()
        datastore.pool = _NormalSyncPool(db_name=path, lock_timeout=30, pool_size=writers)
        recorder = SQLiteApplicationRecorder(datastore)
        recorder.create_table()

        def append(rng: random.Random) -> None:
            *_, data, metadata, _at = _workload.row(rng, _workload.stream_name())
            state = f'{{"data":{data},"metadata":{metadata}}}'.encode()
            recorder.insert_events([StoredEvent(uuid.uuid4(), 1, _workload.TYPES[0], state)])

        return lambda: append, datastore.close

    return setup


@contextlib.contextmanager
def pg_schema() -> Iterator[tuple[str, str]]:
    schema = f"bench_group_{os.getpid()}_{int(time.time())}"
    sep = "&" if "?" in PG else "?"
    with psycopg.connect(PG, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
        conn.execute(_writers.PG_RAW_TABLE.format(table=f'"{schema}".raw'))
    try:
        yield f"{PG}{sep}schema={schema}", f'"{schema}".raw'
    finally:
        with psycopg.connect(PG, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--writers", type=int, default=16)
    p.add_argument("--seconds", type=float, default=6.0)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--only", choices=["sqlite", "pg"])
    p.add_argument("--quick", action="store_true")
    p.add_argument("--no-record", action="store_true")
    args = p.parse_args(argv)
    if args.quick:
        args.seconds, args.rounds, args.no_record = 2.0, 1, True
    rates: dict[str, list[float]] = {}
    loads = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory() as tmp, pg_schema() as (store_url, raw_table):
        figures: list[tuple[str, Setup, int]] = []
        for n in (1, args.writers):
            if args.only in (None, "pg"):
                figures += [
                    (f"PostgreSQL store, {n} thread(s)", store_appender(store_url), n),
                    (
                        f"PostgreSQL raw INSERT, one row per commit, {n} thread(s)",
                        pg_raw_appender(PG, raw_table),
                        n,
                    ),
                ]
            if args.only in (None, "sqlite"):
                figures += [
                    (
                        f"SQLite store, {n} thread(s)",
                        store_appender(f"sqlite:///{tmp}/events.db"),
                        n,
                    ),
                    (
                        f"SQLite eventsourcing recorder, {n} thread(s)",
                        recorder_appender(f"{tmp}/recorder.db", n),
                        n,
                    ),
                ]
        for r in range(args.rounds):
            for label, make, n in figures:
                rate = threaded_rate(make, n, args.seconds)
                rates.setdefault(label, []).append(rate)
                loads.append(os.getloadavg()[0])
                print(f"round {r + 1}: {label}: {rate:,.0f}/s (load {loads[-1]:.1f})", flush=True)
    lines = table(rates)
    print("\n".join(lines))
    if not args.no_record:
        settings = (
            f"`bench/group_commit.py --writers {args.writers} --seconds {args.seconds:g} "
            f"--rounds {args.rounds}`: writer threads sharing one store (or, for the baselines, "
            "one connection each) in one process, one event per append to a new stream; "
            "figures alternate round by round, median shown with (min-max); each round's store "
            "figure over its baseline in that round, median and range of those ratios; load "
            "average "
            f"(1 min) {min(loads):.1f} to {max(loads):.1f} during the run on "
            f"{os.cpu_count()} cores"
        )
        heading = _report.heading("Group commit", _report.machine(_pg_version()), settings)
        with (HERE / "RESULTS.md").open("a") as f:
            f.write("\n" + "\n".join([*heading, *lines]) + "\n")


def table(rates: dict[str, list[float]]) -> list[str]:
    lines = [
        "| measure | appends/s | vs baseline, same round | rounds' ratios |",
        "|---|---:|---:|---:|",
    ]
    for label, values in rates.items():
        base = _baseline_of(label, rates)
        ratios = _ratios.per_round(values, base) if base else []
        spread = _ratios.spread(ratios) if base else "1.00x (baseline)"
        each = ", ".join(f"{r:.2f}" for r in ratios)
        rate = f"{statistics.median(values):,.0f} ({min(values):,.0f}-{max(values):,.0f})"
        lines.append(f"| {label} | {rate} | {spread} | {each} |")
    return lines


def _baseline_of(label: str, rates: dict[str, list[float]]) -> list[float] | None:
    if " store, " not in label:
        return None
    kind = (
        "raw INSERT, one row per commit"
        if label.startswith("PostgreSQL")
        else "eventsourcing recorder"
    )
    backend, rest = label.split(" store, ")
    return rates.get(f"{backend} {kind}, {rest}")


def _pg_version() -> str | None:
    with psycopg.connect(PG) as conn:
        return str(conn.execute("SHOW server_version").fetchone()[0])  # type: ignore[index]


if __name__ == "__main__":
    main(sys.argv[1:])
