"""Event store benchmark: appends and reads on SQLite and PostgreSQL, beside baselines measured in
the same run on the same machine (see README.md in this directory).

    .venv/bin/python bench/eventstore.py           # default sizes; appends to bench/RESULTS.md
    .venv/bin/python bench/eventstore.py --quick   # smoke run, well under a minute
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import _args
import _reads
import _report
import _writers
import psycopg
from rich.console import Console

from services.eventstore import EventStore, connect

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Target:
    """Where one backend's figures are measured: the store URL and the baseline targets."""

    backend: str
    store_url: str
    raw: str
    locked: str | None
    fill: str


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = _args.parser(__doc__)
    p.add_argument("--seconds", type=float, default=8.0, help="timed window of each write figure")
    p.add_argument("--rounds", type=int, default=3, help="interleaved repeats of the write figures")
    p.add_argument("--writers", type=int, default=16, help="concurrent writer processes")
    p.add_argument("--read-all-events", type=int, default=200_000, help="log size for read_all")
    p.add_argument("--events", type=int, default=1_000_000, help="log size for read_stream")
    p.add_argument("--samples", type=int, default=3000, help="streams timed with read_stream")
    p.add_argument("--skip-fill", action="store_true", help="write figures only, no read figures")
    p.add_argument("--skip-writes", action="store_true", help="read figures only")
    return _args.parsed(
        p, argv, seconds=2.0, rounds=1, samples=300, read_all_events=10_000, events=20_000
    )


@contextlib.contextmanager
def pg_target(url: str) -> Iterator[tuple[Target, str]]:
    schema = f"bench_{int(time.time())}_{os.getpid()}"
    dsn = url.replace("+psycopg", "")
    try:
        with psycopg.connect(dsn, connect_timeout=5) as conn:
            version = str(conn.execute("SHOW server_version").fetchone()[0])  # type: ignore[index]
    except psycopg.OperationalError as exc:
        sys.exit(
            f"PostgreSQL at {url} is unreachable ({exc}); start it (make services) or --only sqlite"
        )
    sep = "&" if "?" in url else "?"
    store_url = f"{url}{sep}schema={schema}"
    try:
        connect(store_url).close()
        with psycopg.connect(dsn) as conn:
            for table in ("raw_unlocked", "raw_locked"):
                conn.execute(_writers.PG_RAW_TABLE.format(table=f'"{schema}".{table}'))
        yield (
            Target(
                "pg",
                store_url,
                f'{dsn} "{schema}".raw_unlocked',
                f'{dsn} "{schema}".raw_locked',
                schema,
            ),
            version,
        )
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def sqlite_target(directory: str) -> Target:
    store_path, raw_path = f"{directory}/events.db", f"{directory}/raw.db"
    connect(f"sqlite:///{store_path}").close()
    raw = _writers.sqlite3.connect(raw_path)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute(_writers.SQLITE_RAW_TABLE)
    raw.close()
    return Target("sqlite", f"sqlite:///{store_path}", raw_path, None, store_path)


def write_plan(targets: list[Target], writers: int) -> list[tuple[str, str, str, str, int]]:
    """(backend, figure, worker kind, worker target, writers) for every write figure."""
    plan = []
    for t in targets:
        for n in (1, writers):
            plan.append((t.backend, "store", "store", t.store_url, n))
            plan.append((t.backend, "raw", f"{t.backend}_raw", t.raw, n))
        if t.locked:
            plan.append((t.backend, "locked", "pg_locked", t.locked, writers))
            plan.append((t.backend, "shared", "pg_shared", t.locked, writers))
    return plan


def measure_writes(
    targets: list[Target], args: argparse.Namespace, results: _report.Results, console: Console
) -> None:
    with _writers.WriterPool(args.writers) as pool:
        # Rounds interleave every figure, so a noisy spell on the machine hits all of them alike.
        for r in range(args.rounds):
            for backend, figure, kind, target, writers in write_plan(targets, args.writers):
                res = pool.run(kind, target, writers, args.seconds)
                results.writes.setdefault((backend, figure, writers), []).append(res)
                console.log(f"round {r + 1}: {backend} {figure} x{writers}: {res.rate:,.0f}/s")


def measure_reads(
    t: Target, args: argparse.Namespace, results: _report.Results, console: Console
) -> None:
    rng = random.Random(7)
    if t.backend == "pg":
        dsn = t.raw.split(" ", 1)[0]

        def count() -> int:
            return _reads.pg_count(dsn, t.fill)

        def fill(n: int) -> list[str]:
            return _reads.fill_pg(dsn, t.fill, n, rng)
    else:

        def count() -> int:
            return _reads.sqlite_count(t.fill)

        def fill(n: int) -> list[str]:
            return _reads.fill_sqlite(t.fill, n, rng)

    names: list[str] = []
    store: EventStore = connect(t.store_url)
    try:
        for size, step in ((args.read_all_events, "read_all"), (args.events, "read_stream")):
            started = time.monotonic()
            names += fill(max(0, size - count()))
            log_events = count()
            console.log(
                f"{t.backend}: log filled to {log_events:,} in {time.monotonic() - started:.0f}s"
            )
            if step == "read_all":
                ra = results.read_all[t.backend] = _reads.time_read_all(store)
                console.log(f"{t.backend} read_all: {ra.events:,} events, {ra.rate:,.0f}/s")
                if ra.events != log_events:
                    console.log(f"[red]read_all saw {ra.events:,} of {log_events:,} events")
            else:
                rs = _reads.time_read_stream(store, names, args.samples, log_events, rng)
                results.read_stream[t.backend] = rs
                console.log(
                    f"{t.backend} read_stream: p50 {rs.median_ms:.2f} ms, p99 {rs.p99_ms:.2f} ms"
                )
    finally:
        store.close()


def settings(args: argparse.Namespace) -> str:
    text = f"{args.writers} writers; each write figure {args.seconds:g}s x {args.rounds} rounds"
    if not args.skip_fill:
        text += f"; read_stream on {args.samples:,} streams"
    return text


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    console = Console()
    results = _report.Results()
    pg_version = None
    started = time.monotonic()
    with contextlib.ExitStack() as stack:
        tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="quartier-bench-"))
        targets = []
        if args.only in (None, "sqlite"):
            targets.append(sqlite_target(tmp))
        if args.only in (None, "pg"):
            pg, pg_version = stack.enter_context(pg_target(args.pg_url))
            targets.append(pg)
        if not args.skip_writes:
            measure_writes(targets, args, results, console)
        if not args.skip_fill:
            for t in targets:
                measure_reads(t, args, results, console)
    console.log(f"done in {time.monotonic() - started:.0f}s")
    _report.show(results, args.writers, console)
    if not args.no_record:
        path = HERE / "RESULTS.md"
        _report.append_results(
            path, _report.markdown(results, args.writers, pg_version, settings(args))
        )
        console.print(f"appended to {path}")


if __name__ == "__main__":
    main(sys.argv[1:])
