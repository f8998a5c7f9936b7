"""Neighbourhood lookup benchmark: "which neighbourhoods contain this point, or lie within 1 km of
it" with 100,000 neighbourhoods loaded, through neighbourhoods.spatial (bounding boxes indexed in
SQL, then shapely on the candidates) against a full scan in the same run (shapely, vectorised,
over every boundary held in memory: the cheapest scan there is, no database read at all).

    .venv/bin/python bench/neighbourhoods.py          # appends its table to bench/RESULTS.md
    .venv/bin/python bench/neighbourhoods.py --quick  # smoke run, not recorded

Neighbourhoods are random star-shaped polygons (8 to 16 corners, 150 m to 1 km across their
centre) over metropolitan France, two thirds of them clustered in 2,000 towns as real ones are.
Half the lookups fall near a neighbourhood, half anywhere. Every index answer is checked against
the full scan's for the points both answered.
"""

from __future__ import annotations

import sys
from pathlib import Path

# This script is named like the package it measures: the repository must come first on the path
# for the package to win the import, and this directory (for _report) after it.
HERE = Path(__file__).resolve().parent
sys.path[:] = [str(HERE.parent)] + [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.append(str(HERE))

import argparse  # noqa: E402
import functools  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Callable  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from typing import Any  # noqa: E402

import _report  # noqa: E402
import numpy as np  # noqa: E402
import shapely  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from neighbourhoods import spatial  # noqa: E402
from services.subscriptions import connect_database  # noqa: E402
from services.subscriptions.database import create_all  # noqa: E402

DEFAULT_PG = os.environ.get("QUARTIER_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")
FRANCE = (-4.5, 43.0, 7.5, 50.5)  # lon, lat box


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--quick", action="store_true", help="small sizes for a smoke run; not recorded")
    p.add_argument("--neighbourhoods", type=int, default=100_000)
    p.add_argument("--seconds", type=float, default=10.0, help="timed window of each index figure")
    p.add_argument("--scan-lookups", type=int, default=40, help="lookups timed with the full scan")
    p.add_argument("--only", choices=["sqlite", "pg"], help="one backend only")
    p.add_argument("--pg-url", default=DEFAULT_PG, help="PostgreSQL server (a fresh schema)")
    p.add_argument("--no-record", action="store_true", help="do not append to bench/RESULTS.md")
    args = p.parse_args(argv)
    if args.quick:
        args.neighbourhoods, args.seconds, args.scan_lookups, args.no_record = 5000, 2.0, 10, True
    return args


def polygons(n: int, rng: np.random.Generator) -> list[Any]:
    towns = np.column_stack(
        (rng.uniform(FRANCE[0], FRANCE[2], 2000), rng.uniform(FRANCE[1], FRANCE[3], 2000))
    )
    clustered = n * 2 // 3
    centres = np.vstack(
        (
            towns[rng.integers(0, len(towns), clustered)]
            + rng.normal(0, 2500 / spatial.METRES_PER_DEGREE, (clustered, 2)),
            np.column_stack(
                (
                    rng.uniform(FRANCE[0], FRANCE[2], n - clustered),
                    rng.uniform(FRANCE[1], FRANCE[3], n - clustered),
                )
            ),
        )
    )
    shapes = []
    for lon, lat in centres:
        corners = int(rng.integers(8, 17))
        angles = np.sort(rng.uniform(0, 2 * math.pi, corners))
        radii = rng.uniform(75, 500, corners) / spatial.METRES_PER_DEGREE
        xs = lon + radii * np.cos(angles) / math.cos(math.radians(lat))
        ys = lat + radii * np.sin(angles)
        shapes.append(shapely.Polygon(np.column_stack((xs, ys))))
    return shapes


def points(n: int, shapes: list[Any], rng: np.random.Generator) -> list[tuple[float, float]]:
    out = []
    for i in range(n):
        if i % 2 == 0:
            c = shapes[int(rng.integers(0, len(shapes)))].centroid
            jitter = rng.normal(0, 600 / spatial.METRES_PER_DEGREE, 2)
            out.append((c.x + jitter[0], c.y + jitter[1]))
        else:
            out.append((rng.uniform(FRANCE[0], FRANCE[2]), rng.uniform(FRANCE[1], FRANCE[3])))
    return out


def timed(
    lookup: Callable[[float, float], list[spatial.Nearby]],
    where: list[tuple[float, float]],
    seconds: float | None,
) -> tuple[list[float], dict[int, list[spatial.Nearby]]]:
    """Latencies (s) of lookups cycling through `where` until `seconds` pass (or once over all)."""
    latencies: list[float] = []
    answers: dict[int, list[spatial.Nearby]] = {}
    end = time.perf_counter() + (seconds or 0)
    i = 0
    while (seconds is None and i < len(where)) or (
        seconds is not None and time.perf_counter() < end
    ):
        k = i % len(where)
        t0 = time.perf_counter()
        answers[k] = lookup(*where[k])
        latencies.append(time.perf_counter() - t0)
        i += 1
    return latencies, answers


def load(url: str, shapes: list[Any], ids: list[str], rtree: bool) -> tuple[sa.Engine, Any, float]:
    engine = connect_database(url)
    metadata = sa.MetaData()
    tables = functools.partial(spatial.define, rtree=rtree)(metadata, "_v1")
    create_all(engine, metadata)
    t0 = time.perf_counter()
    with engine.begin() as tx:
        for start in range(0, len(shapes), 5000):
            spatial.place_many(
                tx,
                tables,
                zip(ids[start : start + 5000], shapes[start : start + 5000], strict=True),
            )
    return engine, tables, time.perf_counter() - t0


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    console = Console()
    rng = np.random.default_rng(20261126)
    console.print(f"generating {args.neighbourhoods:,} neighbourhoods ...")
    shapes = polygons(args.neighbourhoods, rng)
    ids = [str(uuid.UUID(int=int(rng.integers(0, 2**62)) << 64 | i)) for i in range(len(shapes))]
    where = points(2000, shapes, rng)
    everything = np.array(shapes, dtype=object)

    scan_latencies, scanned = timed(
        lambda lon, lat: spatial.exact(ids, everything, lon, lat), where[: args.scan_lookups], None
    )
    rows: list[tuple[str, list[float]]] = [
        ("full scan: shapely over every boundary, in memory (baseline)", scan_latencies)
    ]
    pg_version = None
    folder = tempfile.mkdtemp(prefix="bench-neighbourhoods-")
    targets: list[tuple[str, str, bool]] = []
    if args.only in (None, "sqlite"):
        targets += [
            ("SQLite, R*Tree + shapely", f"sqlite:///{folder}/rtree.db", True),
            ("SQLite, b-tree band + shapely", f"sqlite:///{folder}/btree.db", False),
        ]
    schema = f"bench_nb_{int(time.time())}_{os.getpid()}"
    if args.only in (None, "pg"):
        targets.append(
            ("PostgreSQL, b-tree band + shapely", f"{args.pg_url}?schema={schema}", False)
        )
    mismatches = 0
    try:
        for label, url, rtree in targets:
            console.print(f"{label}: loading ...")
            try:
                engine, tables, load_s = load(url, shapes, ids, rtree)
            except sa.exc.OperationalError as exc:
                sys.exit(
                    f"{label}: unreachable ({type(exc).__name__}); start it or use --only sqlite"
                )
            if engine.dialect.name == "postgresql":
                with engine.connect() as conn:
                    pg_version = str(conn.execute(sa.text("SHOW server_version")).scalar())
                    conn.execute(sa.text(f'ANALYZE "{schema}".neighbourhoods_boxes_v1'))
                    conn.commit()
            with engine.connect() as conn:
                lookup = functools.partial(spatial.near, conn, tables)
                latencies, answers = timed(lookup, where, args.seconds)
            mismatches += sum(answers[k] != v for k, v in scanned.items() if k in answers)
            rows.append((f"{label} (loaded in {load_s:.0f} s)", latencies))
            engine.dispose()
    finally:
        if any(url.startswith("postgresql") for _, url, _ in targets):
            drop = sa.create_engine(args.pg_url.replace("postgresql://", "postgresql+psycopg://"))
            with drop.begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            drop.dispose()
    if mismatches:
        console.print(f"[red]{mismatches} lookups differ from the full scan[/red]")
        return 1
    found = statistics.mean(len(v) for v in scanned.values())
    settings = (
        f"`bench/neighbourhoods.py` {args.neighbourhoods:,} neighbourhoods (2/3 clustered in "
        f"2,000 towns), {args.seconds:g} s of lookups per index, {len(scan_latencies)} with the "
        f"full scan; {found:.1f} neighbourhoods found per lookup on average; every index answer "
        "equal to the full scan's."
    )
    scan_rate = len(scan_latencies) / sum(scan_latencies)
    table = [_row(label, lat, scan_rate) for label, lat in rows]
    show(table, console)
    if not args.no_record:
        record(table, settings, pg_version)
    return 0


def _row(label: str, latencies: list[float], scan_rate: float) -> tuple[str, ...]:
    latencies = sorted(latencies)
    rate = len(latencies) / sum(latencies)
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return (
        label,
        f"{rate:,.1f}",
        f"{statistics.median(latencies) * 1000:.2f}",
        f"{p99 * 1000:.2f}",
        f"{rate / scan_rate:,.1f}x",
    )


HEADERS = ("lookup", "lookups/s", "p50 ms", "p99 ms", "vs full scan")


def show(table: list[tuple[str, ...]], console: Console) -> None:
    out = Table(title="Neighbourhoods around a point (contain it, or within 1 km)")
    for i, name in enumerate(HEADERS):
        out.add_column(name, justify="left" if i == 0 else "right")
    for row in table:
        out.add_row(*row)
    console.print(out)


def record(table: list[tuple[str, ...]], settings: str, pg_version: str | None) -> None:
    when = datetime.now(UTC).strftime("%a %b %d %H:%M:%S UTC %Y")
    lines = [
        f"## Neighbourhood lookup, {when}",
        "",
        f"Machine: {_report.machine(pg_version)}",
        "",
        f"Run: {settings}",
        "",
        f"| {' | '.join(HEADERS)} |",
        "|---|---:|---:|---:|---:|",
        *(f"| {' | '.join(row)} |" for row in table),
    ]
    with (HERE / "RESULTS.md").open("a") as f:
        f.write("\n" + "\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
