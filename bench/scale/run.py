"""Scale: a PostgreSQL event store grown to 10,000 neighbourhoods, 1,000,000 residents and
10,000,000 events (bench/scale/events.py, written with COPY), and at each size on the way the
latencies of what residents wait for: read_stream of one stream, a board page and a search
(listings.projections.queries.board, on a read model of the listings the log holds), and a
neighbourhood lookup (neighbourhoods.projections.spatial.near). The goal: each p99 within 2x
of its value at the first size (the baseline, measured in the same run). A board of the log's
listings holds 2 at 100,000 events and 200 at 10,000,000, so the board page and the search are
also measured on boards holding 40 listings at every size (`full`): pages of 20 cards each time.
Also timed: a full rebuild of the listings read model (services.subscriptions.replay.build)
over the log at --rebuild-at events.

    .venv/bin/python bench/scale/run.py                                   # 100k, 1M, 10M
    .venv/bin/python bench/scale/run.py --sizes 100000,1000000,3000000    # a shorter run
    .venv/bin/python bench/scale/run.py --quick                           # smoke, not recorded

The store and read models live in fresh schemas of --pg-url (or QUARTIER_BENCH_PG), dropped at
the end. Results are appended to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import numpy as np
import psycopg

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent.parent), str(HERE)]
sys.path.append(str(HERE.parent))

import _report  # noqa: E402
import fill  # noqa: E402
import listings_data  # noqa: E402
import listings_search  # noqa: E402
import neighbourhoods_data  # noqa: E402
import neighbourhoods_sql  # noqa: E402
from events import PER_RESIDENT, Town  # noqa: E402

from contracts import default_registry  # noqa: E402
from listings.projections import listings  # noqa: E402
from neighbourhoods.projections import spatial  # noqa: E402
from services.eventstore import connect  # noqa: E402
from services.eventstore.codec import Codec  # noqa: E402
from services.eventstore.keyring import connect_keyring  # noqa: E402
from services.subscriptions import connect_database  # noqa: E402
from services.subscriptions.replay import build  # noqa: E402

DEFAULT_PG = os.environ.get("QUARTIER_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")
LISTED_PER_RESIDENT = 2
FLAT = 2.0  # the goal: p99 at most this many times the first size's
# Boards as full at every size, beside those of the log's listings: at 100,000 events (10,000
# neighbourhoods) a board holds 2 listings, from 1,000,000 on more than a page of 20. The full
# boards' figures compare pages of 20 cards at every size; the others, whatever a board holds.
FULL_BOARDS = listings_data.neighbourhood_ids(100, space=8)
FULL_LISTINGS = 40


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--sizes", default="100000,1000000,10000000", help="events, ascending")
    p.add_argument("--neighbourhoods", type=int, default=10_000)
    p.add_argument("--samples", type=int, default=1000, help="queries per figure and size")
    p.add_argument("--rebuild-at", type=int, help="events when the rebuild runs (first size)")
    p.add_argument("--baseline-size", type=int, default=100_000, help="the ratios' reference")
    p.add_argument("--pg-url", default=DEFAULT_PG)
    p.add_argument("--quick", action="store_true", help="small sizes; not recorded")
    p.add_argument("--no-record", action="store_true")
    args = p.parse_args(argv)
    if args.quick:
        args.sizes, args.neighbourhoods, args.samples, args.no_record = "4000,12000", 100, 100, True
    args.sizes = [int(s) for s in args.sizes.split(",")]
    args.rebuild_at = args.rebuild_at or args.sizes[0]
    if args.rebuild_at not in args.sizes:
        p.error("--rebuild-at must be one of --sizes")
    return args


def timed(call: Any, samples: list[Any]) -> list[float]:
    out = []
    for sample in samples:
        started = time.perf_counter()
        call(sample)
        out.append((time.perf_counter() - started) * 1000)
    return out


def measure_size(
    args: argparse.Namespace, town: Town, store: Any, read: Any, spatial_t: Any
) -> dict[str, Any]:
    rng = random.Random(town.residents)
    figures: dict[str, Any] = {}
    streams = rng.sample(town.sample, min(args.samples, len(town.sample)))
    figures["read_stream"] = timed(lambda s: list(store.read_stream(s)), streams)
    # The same streams again, their pages now in PostgreSQL's buffers: a first read slower than
    # the second by far is the cache's, not the plan's.
    figures["read_stream, again"] = timed(lambda s: list(store.read_stream(s)), streams)
    listed = town.residents * LISTED_PER_RESIDENT
    full = (FULL_BOARDS, FULL_LISTINGS)
    t, f, loaded = fill.board(read, listed, town.places, f"s{town.residents}", full)
    asked = {
        "": list(listings_data.queries(np.random.default_rng(7), town.places, args.samples)),
        "full ": list(listings_data.queries(np.random.default_rng(8), FULL_BOARDS, args.samples)),
    }
    slow = argparse.Namespace(slow_seconds=1e9)
    with read.connect() as conn:
        for which, queries in asked.items():
            for what, words in (("board page", False), ("search", True)):
                found = listings_search.measure(conn, t, f, queries, words, frozenset(), slow)
                figures[which + what] = [s * 1000 for s in found.latencies]
        points = neighbourhoods_data.points(args.samples, town.shapes, np.random.default_rng(3))
        figures["neighbourhood lookup"] = timed(lambda p: spatial.near(conn, spatial_t, *p), points)
    fill.drop(read, t, f)
    figures["listings"], figures["board load s"] = listed, loaded
    return figures


def rebuild(store: Any, read: Any, codec: Codec) -> dict[str, Any]:
    started = time.perf_counter()
    done = build(store, read, listings.read_model(codec), "scale")
    return {"applied": done.applied, "seconds": time.perf_counter() - started}


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    schema = f"bench_scale_{uuid.uuid4().hex[:10]}"
    store_url = f"{args.pg_url}?schema={schema}"
    keyring = connect_keyring("memory://")
    codec = Codec(default_registry(), keyring, os.urandom(32))
    town = Town(codec, keyring, listings_data.neighbourhood_ids(args.neighbourhoods))
    results: list[dict[str, Any]] = []
    rebuilt: dict[str, Any] = {}
    try:
        store = connect(store_url)
        read = connect_database(f"{args.pg_url}?schema={schema}_read")
        town.shapes = neighbourhoods_data.polygons(args.neighbourhoods, np.random.default_rng(1))
        _, spatial_t, _ = neighbourhoods_sql.load(
            f"{args.pg_url}?schema={schema}_read", town.shapes, town.places, rtree=False
        )
        written = 0
        for size in args.sizes:
            seconds = fill.grow(store_url, town, size - written)
            written = town.events
            print(f"{written:,} events ({town.residents:,} residents) written in {seconds:.0f} s")
            figures = measure_size(args, town, store, read, spatial_t)
            figures |= {"events": written, "residents": town.residents, "write s": seconds}
            results.append(figures)
            print("  " + report_line(figures))
            if size == args.rebuild_at:
                rebuilt = rebuild(store, read, codec) | {"events": written}
                print(f"  listings rebuild: {rebuilt['applied']:,} events applied in"
                      f" {rebuilt['seconds']:.0f} s")  # fmt: skip
        store.close()
        read.dispose()
    finally:
        with psycopg.connect(args.pg_url, autocommit=True) as conn:
            for name in (schema, f"{schema}_read"):
                conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
    if not args.no_record:
        record(args, results, rebuilt)
    return 0


FIGURES = (
    "read_stream",
    "board page",
    "search",
    "full board page",
    "full search",
    "neighbourhood lookup",
)


def pct(values: list[float], p: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]


def report_line(f: dict[str, Any]) -> str:
    shown = (*FIGURES, "read_stream, again")
    return ", ".join(f"{k} p50 {pct(f[k], 50):.2f} / p99 {pct(f[k], 99):.2f} ms" for k in shown)


def record(
    args: argparse.Namespace, results: list[dict[str, Any]], rebuilt: dict[str, Any]
) -> None:
    base = next((f for f in results if f["events"] >= args.baseline_size), results[0])
    lines = _report.heading(
        "Scale: the log from 100k to 10M events",
        _report.machine(None),
        f"`bench/scale/run.py --sizes {','.join(map(str, args.sizes))} --rebuild-at"
        f" {args.rebuild_at} --neighbourhoods {args.neighbourhoods} --samples {args.samples}`:"
        " one PostgreSQL event store grown"
        f" with COPY ({PER_RESIDENT} contract events per resident, hash-chained; see"
        " bench/scale/events.py), measured at each size; the board and search run on a listings"
        f" read model of the listings the log holds ({LISTED_PER_RESIDENT} per resident),"
        " filled beside it; the lookup on the neighbourhoods' spatial table. Ratio: p99 against"
        f" that at the first size of at least {args.baseline_size:,} events (goal <= {FLAT:g}x).",
    )
    lines += ["| events | residents | write s | " + " | ".join(
        f"{k} p50 / p99 ms (ratio)" for k in FIGURES) + " |",
        "|---:|---:|---:|" + "---:|" * len(FIGURES)]  # fmt: skip
    for f in results:
        cells = [
            f"{pct(f[k], 50):.2f} / {pct(f[k], 99):.2f} ({pct(f[k], 99) / pct(base[k], 99):.2f}x)"
            for k in FIGURES
        ]
        lines.append(f"| {f['events']:,} | {f['residents']:,} | {f['write s']:.0f} | "
                     + " | ".join(cells) + " |")  # fmt: skip
    lines += ["", "read_stream of the same streams a second time, their pages then in"
              " PostgreSQL's buffers:", "", "| events | first p50 / p99 ms | again p50 / p99 ms |",
              "|---:|---:|---:|"]  # fmt: skip
    for f in results:
        first, again = f["read_stream"], f["read_stream, again"]
        lines.append(f"| {f['events']:,} | {pct(first, 50):.2f} / {pct(first, 99):.2f}"
                     f" | {pct(again, 50):.2f} / {pct(again, 99):.2f} |")  # fmt: skip
    if rebuilt:
        lines += ["", f"Full rebuild of the listings read model over the log of"
                  f" {rebuilt['events']:,} events: {rebuilt['applied']:,} events applied in"
                  f" {rebuilt['seconds']:.0f} s ({rebuilt['applied'] / rebuilt['seconds']:.0f}"
                  " events/s)."]  # fmt: skip
    with (HERE.parent / "RESULTS.md").open("a") as out:
        out.write("\n" + "\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
