"""Filtered read benchmark (docs/decisions/0062): `read_all(types=...)` of a subscriber's types
(neighbourhoods' copy of residents) over a PostgreSQL log of identity events filled straight into
the tables (bench/_ledger_fill.py) and left without statistics, as a bulk load or a restore
leaves it before ANALYZE (autovacuum off), then again after ANALYZE. Each phase times, in the
same run on the same log:

- before: the store's statement on connections with the planner's defaults, as before 0062;
  the baseline;
- store: the store as it is (the same statement, on connections that price sorts and bitmap
  scans out).

Each phase reads twice: the residents' types (every event of the log), then two types the log
never holds (operators' roles), a reader of rare types at the extreme. Rows show the read's
events/s and its ratio to the baseline of the same phase and read.

    .venv/bin/python bench/filtered_read.py                  # 300,000 events; appends RESULTS.md
    .venv/bin/python bench/filtered_read.py --quick          # smoke run, not recorded
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/neighbourhoods.py is named like the package this benchmark reads: the repository must
# come first on the path for the package to win the import, and this directory after it.
HERE = Path(__file__).resolve().parent
sys.path[:] = [str(HERE.parent)] + [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.append(str(HERE))

import argparse  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from typing import Any  # noqa: E402

import _args  # noqa: E402
import _ledger_fill  # noqa: E402
import psycopg  # noqa: E402
import sqlalchemy as sa  # noqa: E402

from neighbourhoods.projections.residents import TYPES  # noqa: E402
from services.eventstore import connect  # noqa: E402
from services.eventstore.postgres import PostgresEventStore  # noqa: E402
from services.eventstore.postgres_read_sql import index_ordered  # noqa: E402

Variant = Callable[[PostgresEventStore], None]


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = _ledger_fill.parser(__doc__)
    p.set_defaults(schema_prefix="bench_filtered", only="pg")
    p.add_argument("--events", type=int, default=300_000, help="events in the log")
    args = _args.parsed(p, argv, events=20_000)
    args.only = "pg"
    return args


def _plain(store: PostgresEventStore) -> None:
    """The store's page connections without the planner settings: the read before 0062."""
    sa.event.remove(store._pages, "connect", index_ordered)
    store._pages.dispose()


VARIANTS: dict[str, Variant] = {
    "before": _plain,
    "store": lambda store: None,
}


# Types the log never holds (operators' roles, among the residents' types): a reader of rare
# types, such as a new read model built over a long log, at the extreme.
RARE = ("identity.RoleGranted", "identity.RoleRevoked")


def timed(url: str, variant: Variant, types: tuple[str, ...] = TYPES) -> tuple[float, int]:
    """Seconds and events of one filtered read of the whole log, on a store of its own."""
    store = connect(url)
    assert isinstance(store, PostgresEventStore)
    variant(store)
    try:
        started = time.perf_counter()
        read = sum(1 for _ in store.read_all(limit=None, types=types))
        return time.perf_counter() - started, read
    finally:
        store.close()


def phase(url: str, console: Any, types: tuple[str, ...]) -> dict[str, tuple[float, int]]:
    # An unfiltered read first, so that every variant finds the table in the same caches.
    warm = connect(url)
    sum(1 for _ in warm.read_all(limit=None))
    warm.close()
    found = {}
    for name, variant in VARIANTS.items():
        found[name] = timed(url, variant, types)
        console(f"  {name}: {found[name][1]:,} events in {found[name][0]:.1f} s")
    return found


def report(results: dict[str, dict[str, tuple[float, int]]]) -> list[str]:
    lines = [
        "| statistics | read | events read | seconds | events/s | ratio to before |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for stats, found in results.items():
        before = found["before"][0]
        counts = {read for _, read in found.values()}
        assert len(counts) == 1, f"the variants read different events: {found}"
        for name, (seconds, read) in found.items():
            lines.append(
                f"| {stats} | {name} | {read:,} | {seconds:.3f} | {read / seconds:,.0f} "
                f"| {before / seconds:.2f}x |"
            )
    return lines


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    results = {}
    with _ledger_fill.targets(args) as targets:
        [(_, url, _)] = targets
        connect(url).close()
        _, keyring, _ = _ledger_fill.codec_and_read_model()
        started = time.perf_counter()
        _ledger_fill.fill(url, keyring, args.events, analyze=False)
        print(f"filled {args.events:,} events in {time.perf_counter() - started:.0f} s")
        print("without statistics:")
        results["none"] = phase(url, print, TYPES)
        results["none, types never recorded"] = phase(url, print, RARE)
        dsn, schema = url.split("?schema=")
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'ANALYZE "{schema}".events')
        print("after ANALYZE:")
        results["analyzed"] = phase(url, print, TYPES)
        results["analyzed, types never recorded"] = phase(url, print, RARE)
    lines = report(results)
    print("\n".join(lines))
    if not args.no_record:
        record(lines, args)
    return 0


def record(lines: list[str], args: argparse.Namespace) -> None:
    _ledger_fill.append_section(
        f"Filtered read without statistics, {args.events:,} events",
        f"`bench/filtered_read.py --events {args.events}`; types: neighbourhoods' residents "
        f"({len(TYPES)} types; the log holds two of them, every event matches), then "
        f"{', '.join(RARE)} (never recorded)",
        lines,
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
