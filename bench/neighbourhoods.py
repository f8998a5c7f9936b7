"""Neighbourhood lookup benchmark: "which neighbourhoods contain this point, or lie within 1 km of
it" with 100,000 neighbourhoods loaded, through neighbourhoods.projections.spatial (bounding
boxes indexed in SQL, then shapely on the candidates), against baselines measured in the same run:

- full scan: every boundary tested, vectorised (shapely.dwithin over a prepared array of all of
  them, then metres as spatial.py measures them on the few kept), in memory, no database read;
- unindexed SQL: the same query on the same table after its b-tree index is dropped;
- a peer: shapely.STRtree in memory, queried with the same search box.

Also shown: a numpy scan of every bounding box in memory, and the earlier baseline
(`spatial.exact` over all boundaries, reprojecting each one on every lookup).

    .venv/bin/python bench/neighbourhoods.py          # replaces its section of bench/RESULTS.md
    .venv/bin/python bench/neighbourhoods.py --quick  # smoke run, not recorded

Every answer is checked equal to the full scan's on a sample of points (the full scan answers the
first `--check` points, every other lookup is compared on those it answered).
"""

from __future__ import annotations

import sys
from pathlib import Path

# This script is named like the package it measures: the repository must come first on the path
# for the package to win the import, and this directory (for its helpers) after it.
HERE = Path(__file__).resolve().parent
sys.path[:] = [str(HERE.parent)] + [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.append(str(HERE))

import argparse  # noqa: E402
import functools  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402

import _args  # noqa: E402
import _report  # noqa: E402
import neighbourhoods_memory as memory  # noqa: E402
import neighbourhoods_sql as sql  # noqa: E402
import numpy as np  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from neighbourhoods_data import points, polygons  # noqa: E402
from rich.console import Console  # noqa: E402

from neighbourhoods.projections import spatial  # noqa: E402

HEADERS = (
    "lookup",
    "lookups/s",
    "p50 ms",
    "p99 ms",
    "checked",
    "vs full scan",
    "vs STRtree",
    "vs unindexed SQL",
)


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = _args.parser(__doc__)
    p.add_argument("--neighbourhoods", type=int, default=100_000)
    p.add_argument("--seconds", type=float, default=10.0, help="timed window of each fast lookup")
    p.add_argument("--check", type=int, default=200, help="points answered by the full scan")
    p.add_argument("--previous", type=int, default=10, help="lookups with the earlier baseline")
    return _args.parsed(p, argv, neighbourhoods=5000, seconds=1.0, check=40, previous=3)


@dataclass
class Result:
    label: str
    group: str  # "memory", "SQLite" or "PostgreSQL": where the unindexed ratio is taken
    latencies: list[float]
    answers: dict[int, list[spatial.Nearby]]
    role: str = ""  # "scan", "tree" or "unindexed": a baseline
    checked: int = 0

    @property
    def rate(self) -> float:
        return len(self.latencies) / sum(self.latencies)


@dataclass
class Run:
    where: list[tuple[float, float]]
    seconds: float
    console: Console
    results: list[Result] = field(default_factory=list)
    loads: list[float] = field(default_factory=list)

    def measure(
        self, label: str, group: str, lookup: memory.Lookup, role: str = "", first: int = 0
    ) -> Result:
        """Latencies (s) of lookups cycling through the points for `seconds`, or once over the
        `first` points."""
        self.console.print(f"  {label} ...")
        self.loads.append(os.getloadavg()[0])
        latencies: list[float] = []
        answers: dict[int, list[spatial.Nearby]] = {}
        end = time.perf_counter() + self.seconds
        i = 0
        while (i < first) if first else (time.perf_counter() < end):
            k = i % len(self.where)
            t0 = time.perf_counter()
            answers[k] = lookup(*self.where[k])
            latencies.append(time.perf_counter() - t0)
            i += 1
        self.loads.append(os.getloadavg()[0])
        result = Result(label, group, latencies, answers, role)
        self.results.append(result)
        return result


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    console = Console(width=160)
    rng = np.random.default_rng(20261126)
    console.print(f"generating {args.neighbourhoods:,} neighbourhoods ...")
    shapes = polygons(args.neighbourhoods, rng)
    ids = [str(uuid.UUID(int=int(rng.integers(0, 2**62)) << 64 | i)) for i in range(len(shapes))]
    run = Run(points(2000, shapes, rng), args.seconds, console)
    held = memory.Boundaries(ids, shapes)
    console.print("in memory:")
    run.measure(
        "full scan, vectorised: shapely.dwithin over all (baseline)",
        "memory",
        memory.full_scan(held),
        "scan",
        first=args.check,
    )
    run.measure(
        "earlier baseline: spatial.exact over all",
        "memory",
        memory.reproject_all(held),
        first=args.previous,
    )
    run.measure("box scan: numpy over all boxes + shapely", "memory", memory.box_scan(held))
    run.measure("STRtree in memory + shapely (peer)", "memory", memory.strtree(held))
    run.results[-1].role = "tree"

    plans: dict[str, str] = {}
    loads: list[str] = []
    pg_version = None
    folder = tempfile.mkdtemp(prefix="bench-neighbourhoods-")
    schema = f"bench_nb_{int(time.time())}_{os.getpid()}"
    targets: list[tuple[str, str, bool]] = []
    if args.only in (None, "sqlite"):
        targets += [
            ("SQLite", f"sqlite:///{folder}/rtree.db", True),
            ("SQLite", f"sqlite:///{folder}/btree.db", False),
        ]
    if args.only in (None, "pg"):
        targets.append(("PostgreSQL", f"{args.pg_url}?schema={schema}", False))
    try:
        for backend, url, rtree in targets:
            index = "R*Tree" if rtree else "b-tree band"
            console.print(f"{backend}, {index}: loading ...")
            try:
                engine, tables, load_s = sql.load(url, shapes, ids, rtree)
            except sa.exc.OperationalError as exc:
                sys.exit(f"{backend}: unreachable ({type(exc).__name__}); use --only sqlite")
            loads.append(f"{backend} {index} {load_s:.0f} s")
            with engine.connect() as conn:
                if backend == "PostgreSQL":
                    pg_version = str(conn.execute(sa.text("SHOW server_version")).scalar())
                    plans["plan with the b-tree band"] = sql.pg_plan(conn, tables, run.where[:50])
                    plans["SELECT 1 round trip"] = sql.round_trip(conn)
                lookup = functools.partial(spatial.near, conn, tables)
                run.measure(f"{backend} {index} + shapely", backend, lookup)
            if not rtree:
                sql.drop_band_index(engine, tables)
                with engine.connect() as conn:
                    if backend == "PostgreSQL":
                        plans["plan without the index"] = sql.pg_plan(conn, tables, run.where[:20])
                    lookup = functools.partial(spatial.near, conn, tables)
                    label = f"{backend}, same query, no index + shapely"
                    run.measure(label, backend, lookup, "unindexed")
            engine.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if any(backend == "PostgreSQL" for backend, _, _ in targets):
            drop = sa.create_engine(args.pg_url.replace("postgresql://", "postgresql+psycopg://"))
            with drop.begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            drop.dispose()

    if not check(run.results, console):
        return 1
    table = [_row(r, run.results) for r in run.results]
    show(table, console)
    for name, plan in plans.items():
        console.print(f"PostgreSQL, {name}: {plan}")
    load = f"{min(run.loads):.2f}-{max(run.loads):.2f}"
    console.print(f"1-minute load average during the run: {load}")
    scan = run.results[0]
    found = statistics.mean(len(v) for v in scan.answers.values())
    settings = (
        f"`bench/neighbourhoods.py` {args.neighbourhoods:,} neighbourhoods (2/3 clustered in "
        f"2,000 towns), {args.seconds:g} s of lookups per row except the full scan "
        f"({len(scan.latencies)} lookups) and the earlier baseline ({args.previous}); "
        f"{found:.1f} neighbourhoods found per lookup on average; every answer equal to the full "
        f'scan\'s on the points both answered ("checked"). Loaded in: {"; ".join(loads)}. '
        f"1-minute load average during the run {load}."
    )
    if not args.no_record:
        record(table, settings, pg_version, plans)
    return 0


def check(results: list[Result], console: Console) -> bool:
    """Every lookup's answers equal to the full scan's on the points both answered."""
    reference = next(r for r in results if r.role == "scan").answers
    ok = True
    for r in results:
        shared = [k for k in reference if k in r.answers]
        r.checked = len(shared)
        wrong = sum(r.answers[k] != reference[k] for k in shared)
        if wrong or not shared:
            console.print(f"[red]{r.label}: {wrong} of {len(shared)} answers differ[/red]")
            ok = False
    return ok


def _row(r: Result, results: list[Result]) -> tuple[str, ...]:
    latencies = sorted(r.latencies)
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]

    def versus(role: str, group: str | None = None) -> str:
        base = [b for b in results if b.role == role and group in (None, b.group)]
        return _ratio(r.rate / base[0].rate) if base else "-"

    return (
        r.label,
        f"{r.rate:,.1f}",
        f"{statistics.median(latencies) * 1000:.2f}",
        f"{p99 * 1000:.2f}",
        "reference" if r.role == "scan" else f"{r.checked}",
        versus("scan"),
        versus("tree"),
        versus("unindexed", r.group) if r.group != "memory" else "-",
    )


def _ratio(x: float) -> str:
    return f"{x:,.0f}x" if x >= 100 else f"{x:.2f}x" if x >= 0.1 else f"{x:.2g}x"


def show(table: list[tuple[str, ...]], console: Console) -> None:
    title = "Neighbourhoods around a point (contain it, or within 1 km)"
    _report.print_table(title, HEADERS, table, console)


def record(
    table: list[tuple[str, ...]], settings: str, pg_version: str | None, plans: dict[str, str]
) -> None:
    """This run's section in RESULTS.md, in place of the earlier neighbourhood sections."""
    lines = [
        *_report.heading("Neighbourhood lookup", _report.machine(pg_version), settings),
        f"| {' | '.join(HEADERS)} |",
        "|---|" + "---:|" * (len(HEADERS) - 1),
        *(f"| {' | '.join(row)} |" for row in table),
        "",
        *(f"PostgreSQL, {name}: {plan}.  " for name, plan in plans.items()),
    ]
    section = "\n".join(lines).rstrip(" ") + "\n"
    path = HERE / "RESULTS.md"
    text = path.read_text()
    earlier = re.compile(r"^## Neighbourhood lookup.*?(?=^## |\Z)", re.M | re.S)
    path.write_text(earlier.sub("", text).rstrip("\n") + "\n\n" + section)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
