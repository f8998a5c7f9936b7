"""The reads of a wake-up on PostgreSQL: what a subscriber or the relay reads each time an append
wakes it (the log's head, then the page after its checkpoint, here holding one event), timed
through the store and, as the same-run baseline, as psycopg running the same SQL on one open
connection. Rounds alternate the two, so that a noisy spell weighs on both.

    .venv/bin/python bench/wake_reads.py                   # appends to bench/RESULTS.md
    .venv/bin/python bench/wake_reads.py --quick --no-record
"""

from __future__ import annotations

import argparse
import statistics
import sys
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import _args
import _ledger_fill
import psycopg
from _ratios import timed
from sqlalchemy.dialects import postgresql

from services.eventstore import NewEvent
from services.eventstore.postgres import PostgresEventStore
from services.eventstore.postgres_read_sql import head_query
from tests.conftest import drop_schema


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = _args.parser(__doc__)
    p.add_argument("--events", type=int, default=20_000, help="log size")
    p.add_argument("--reads", type=int, default=2_000, help="reads of each kind a round")
    p.add_argument("--rounds", type=int, default=3)
    return _args.parsed(p, argv, events=2_000, reads=300, rounds=1)


def sql_of(statement: Any, params: dict[str, object]) -> tuple[str, dict[str, object]]:
    """The statement's SQL as psycopg takes it, with its own bound values beside `params`."""
    compiled = statement.compile(dialect=postgresql.psycopg.dialect())
    return str(compiled), {**compiled.params, **params}


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    url = f"{args.pg_url}?schema=bench_wake_{uuid.uuid4().hex[:8]}"
    store = PostgresEventStore(url)
    try:
        streams = [f"toy.counter-{uuid.uuid4()}" for _ in range(50)]
        for i in range(args.events):
            store.append(streams[i % 50], [NewEvent("toy.Counted", {"n": i})])
        last = list(store.read_all(after=None, limit=None))[-2].position
        page = store.log_page(None, None)
        page_sql = sql_of(
            page, {"after_xid": last.parts[0], "after_id": last.parts[1], "page": 500}
        )
        head_sql = sql_of(head_query(store._events, store._visible_below), {})
        raw = psycopg.connect(args.pg_url, autocommit=True)
        raw.execute(f"SET search_path TO {url.rsplit('schema=', 1)[1]}")
        figures: dict[str, list[float]] = {}
        reads = {
            "head, store": lambda: store.head(),
            "head, psycopg (baseline)": lambda: raw.execute(*head_sql).fetchall(),
            "page of one event, store": lambda: list(store.read_all(after=last, limit=500)),
            "page of one event, psycopg (baseline)": lambda: raw.execute(*page_sql).fetchall(),
        }
        for _ in range(args.rounds):
            for name, read in reads.items():
                figures.setdefault(name, []).extend(t * 1000 for t in timed(read, args.reads))
        raw.close()
    finally:
        store.close()
        drop_schema(url)
    lines = report(figures)
    print("\n".join(lines))
    if not args.no_record:
        run = (
            f"`bench/wake_reads.py --events {args.events} --reads {args.reads}"
            f" --rounds {args.rounds}`"
        )
        _ledger_fill.append_section("The reads of a wake-up on PostgreSQL", run, lines)
    return 0


def report(figures: dict[str, list[float]]) -> list[str]:
    lines = ["| read | reads | p50 µs | p99 µs | p50 vs psycopg |", "|---|---:|---:|---:|---:|"]
    for name, times in figures.items():
        base = figures[name.split(",")[0] + ", psycopg (baseline)"]
        p50, p99 = statistics.median(times), statistics.quantiles(times, n=100)[98]
        ratio = p50 / statistics.median(base)
        lines.append(f"| {name} | {len(times):,} | {p50:.0f} | {p99:.0f} | {ratio:.2f}x |")
    return lines


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
