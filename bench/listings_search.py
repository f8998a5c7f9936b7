"""Listings board and search benchmark: a neighbourhood's newest listings, and its listings
matching one or two typed words (French and English stemming, accents either way), through
listings.projections.queries.board, on a read model of 1,000,000 listings in 10,000
neighbourhoods, on SQLite (FTS5) and PostgreSQL (GIN over the tokens), against the same query in
the same run without the full-text index, without the board's (neighbourhood) index, and without
either.

    .venv/bin/python bench/listings_search.py                      # records in bench/RESULTS.md
    .venv/bin/python bench/listings_search.py --listings 100000    # a quicker run, also recorded
    .venv/bin/python bench/listings_search.py --quick              # smoke run, not recorded

Every baseline's answers are checked equal to the indexed query's on the same inputs.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy as sa

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent)]
sys.path.append(str(HERE))

import _args  # noqa: E402
import _report  # noqa: E402
import listings_data as data  # noqa: E402
from rich.console import Console  # noqa: E402

from listings.projections import facts, listings, queries  # noqa: E402
from services.subscriptions import connect_database  # noqa: E402
from services.subscriptions.database import create_all  # noqa: E402

HEADERS = ("query", "queries", "p50 ms", "p99 ms", "p50 vs indexed", "answers checked")
VARIANTS: dict[str, frozenset[str]] = {
    "indexed": frozenset(),
    "no full-text index": frozenset({"search"}),
    "no neighbourhood index": frozenset({"board"}),
    "neither index": frozenset({"search", "board"}),
}


@dataclass
class Result:
    label: str
    latencies: list[float] = field(default_factory=list)
    answers: list[list[str]] = field(default_factory=list)
    base: Result | None = None


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = _args.parser(__doc__)
    p.add_argument("--listings", type=int, default=1_000_000)
    p.add_argument("--neighbourhoods", type=int, default=10_000)
    p.add_argument("--queries", type=int, default=500, help="queries per indexed row")
    p.add_argument("--slow", type=int, default=40, help="queries per unindexed row (at most)")
    p.add_argument("--slow-seconds", type=float, default=60.0, help="time cap of a slow row")
    return _args.parsed(p, argv, listings=20_000, neighbourhoods=200, queries=50, slow=10)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    console = Console(width=160)
    places = data.neighbourhood_ids(args.neighbourhoods)
    asked = list(data.queries(np.random.default_rng(20261203), places, args.queries))
    folder = tempfile.mkdtemp(prefix="bench-listings-")
    schema = f"bench_listings_{int(time.time())}_{os.getpid()}"
    targets = []
    if args.only in (None, "sqlite"):
        targets.append(("SQLite", f"sqlite:///{folder}/read.db"))
    if args.only in (None, "pg"):
        targets.append(("PostgreSQL", f"{args.pg_url}?schema={schema}"))
    results: list[Result] = []
    notes: list[str] = []
    pg_version = None
    try:
        for backend, url in targets:
            engine = connect_database(url)
            t, f, seconds = load(engine, args, places)
            notes.append(f"{backend} loaded in {seconds:.0f} s")
            console.print(f"{backend}: {args.listings:,} listings loaded in {seconds:.0f} s")
            with engine.connect() as conn:
                if backend == "PostgreSQL":
                    pg_version = str(conn.execute(sa.text("SHOW server_version")).scalar())
                for what, with_words in (("board", False), ("search", True)):
                    base = None
                    for variant, without in VARIANTS.items():
                        if not with_words and "search" in without:
                            continue
                        label = f"{backend}, {what}, {variant}"
                        many = args.queries if not without else args.slow
                        result = measure(conn, t, f, asked[:many], with_words, without, args)
                        result.label, result.base = label, base
                        base = base or result
                        results.append(result)
                        console.print(f"  {label}: p50 {_ms(result, 50)} ms")
            engine.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if any(backend == "PostgreSQL" for backend, _ in targets):
            drop = sa.create_engine(args.pg_url.replace("postgresql://", "postgresql+psycopg://"))
            with drop.begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            drop.dispose()
    table = [row(r) for r in results]
    if any(r[-1].startswith("DIFFER") for r in table):
        show(table, console)
        return 1
    show(table, console)
    settings = (
        f"`bench/listings_search.py --listings {args.listings} --neighbourhoods "
        f"{args.neighbourhoods}` {args.listings:,} listings in "
        f"{args.neighbourhoods:,} neighbourhoods (one each, about "
        f"{args.listings // args.neighbourhoods:,} per board), a {len(data.WORDS)}-word French "
        f"and English vocabulary with Zipf-like frequencies; page of 20 newest first; searches "
        f"of one or two words, half typed as plurals without accents. Indexed rows run "
        f"{args.queries} queries, baselines up to {args.slow} (or {args.slow_seconds:g} s) "
        "of the same. "
        f"{'; '.join(notes)}."
    )
    if not args.no_record:
        title = f"Listings board and search, {args.listings:,} in {args.neighbourhoods:,} boards"
        record(title, table, settings, pg_version)
    return 0


def load(engine: sa.Engine, args: argparse.Namespace, places: list[str]) -> tuple[Any, Any, float]:
    metadata = sa.MetaData()
    t = listings.define(metadata, "_v1")
    f = facts.define(metadata, "_v1")
    create_all(engine, metadata)
    started = time.perf_counter()
    with engine.begin() as conn:
        data.fill(conn, t, f, args.listings, places, seed=20261203)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(sa.text("ANALYZE"))
    return t, f, time.perf_counter() - started


def measure(
    conn: sa.Connection,
    t: Any,
    f: Any,
    asked: list[tuple[str, str]],
    with_words: bool,
    without: frozenset[str],
    args: argparse.Namespace,
) -> Result:
    result = Result("")
    deadline = time.perf_counter() + args.slow_seconds
    for place, words in asked:
        start = time.perf_counter()
        page = queries.board(
            conn,
            t,
            f,
            uuid.UUID(place),
            uuid.UUID(data.viewer(place)),
            q=words if with_words else None,
            without=without,
        )
        result.latencies.append(time.perf_counter() - start)
        assert page is not None
        result.answers.append([x["listing_id"] for x in page["items"]])
        if without and time.perf_counter() > deadline:
            break
    return result


def _ms(r: Result, percentile: int) -> str:
    ordered = sorted(r.latencies)
    at = min(len(ordered) - 1, int(len(ordered) * percentile / 100))
    return f"{(statistics.median(ordered) if percentile == 50 else ordered[at]) * 1000:.2f}"


def row(r: Result) -> tuple[str, ...]:
    if r.base is None:
        versus, checked = "1.00x", "reference"
    else:
        shared = min(len(r.answers), len(r.base.answers))
        wrong = sum(r.answers[i] != r.base.answers[i] for i in range(shared))
        ratio = statistics.median(r.latencies) / statistics.median(r.base.latencies)
        versus = f"{ratio:,.0f}x slower" if ratio >= 10 else f"{ratio:.2f}x"
        checked = f"DIFFER {wrong}/{shared}" if wrong else f"{shared} equal"
    return (r.label, str(len(r.latencies)), _ms(r, 50), _ms(r, 99), versus, checked)


def show(table: list[tuple[str, ...]], console: Console) -> None:
    title = "A neighbourhood's listings: newest 20, and searched"
    _report.print_table(title, HEADERS, table, console)


def record(title: str, table: list[tuple[str, ...]], settings: str, pg_version: str | None) -> None:
    """This run's section in RESULTS.md, in place of an earlier one of the same sizes."""
    lines = [
        *_report.heading(title, _report.machine(pg_version), settings),
        f"| {' | '.join(HEADERS)} |",
        "|---|" + "---:|" * (len(HEADERS) - 1),
        *(f"| {' | '.join(r)} |" for r in table),
    ]
    section = "\n".join(lines) + "\n"
    path = HERE / "RESULTS.md"
    earlier = re.compile(rf"^## {re.escape(title)},.*?(?=^## |\Z)", re.M | re.S)
    text = path.read_text()
    path.write_text(earlier.sub("", text).rstrip("\n") + "\n\n" + section)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
