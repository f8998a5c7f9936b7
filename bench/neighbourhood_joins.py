"""Joins in a neighbourhood that keeps growing: ms per join (and per leave) at several sizes, the
neighbourhood's fold remembered between commands (docs/decisions/0072) against the same
commands deciding on the whole stream, read and folded anew at every command (the code before
it), in the same run, taking turns round by round. A raw `read_stream` of the whole stream is
shown beside: what reading alone costs a command that reads everything.

    .venv/bin/python bench/neighbourhood_joins.py               # SQLite file; appends to RESULTS.md
    .venv/bin/python bench/neighbourhood_joins.py --pg          # the store on PostgreSQL
    .venv/bin/python bench/neighbourhood_joins.py --quick       # smoke run, not recorded

The handlers are the service's own (neighbourhoods.handlers), in this process, on a real store;
every member has a verified home inside the boundary, as the service's joins need.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import _ratios
import _report

from contracts import default_registry
from neighbourhoods.domain.neighbourhood import neighbourhood_stream
from neighbourhoods.handlers import NeighbourhoodHandlers, base
from services.eventstore import EventStore, connect
from services.eventstore.codec import Codec
from services.eventstore.keyring import MemoryKeyring
from tests.unit.neighbourhoods import HOME, home, north, square

HERE = Path(__file__).resolve().parent
PG = "postgresql://postgres@127.0.0.1:5432/test"


@contextlib.contextmanager
def whole_stream() -> Iterator[None]:
    """The handlers made meanwhile decide on the whole stream, as before 0072."""
    remembered = base.NEIGHBOURHOOD
    plain = dataclasses.replace(remembered, remembered=False)
    table = base.HANDLERS
    swapped = {command: a for command, a in table.items() if a is remembered}
    table.update(dict.fromkeys(swapped, plain))
    base.NEIGHBOURHOOD = plain
    try:
        yield
    finally:
        table.update(swapped)
        base.NEIGHBOURHOOD = remembered


def handlers(store: EventStore) -> NeighbourhoodHandlers:
    codec = Codec(default_registry(), MemoryKeyring(), b"n" * 32)
    return NeighbourhoodHandlers(store, codec, lambda: datetime.now(UTC))


def grow(h: NeighbourhoodHandlers, nid: uuid.UUID, members: int) -> None:
    while len(h.neighbourhood(nid).members) < members:
        h.join(uuid.uuid4(), nid, uuid.uuid4(), home(north(HOME, 100)))


def ms_per_command(h: NeighbourhoodHandlers, nid: uuid.UUID, commands: int) -> tuple[float, float]:
    """ms per join, and per leave of the same residents (the neighbourhood ends as it began)."""
    h.neighbourhood(nid)  # a replica that has served this neighbourhood before
    joined = [uuid.uuid4() for _ in range(commands)]
    began = time.perf_counter()
    for rid in joined:
        h.join(uuid.uuid4(), nid, rid, home(north(HOME, 100)))
    joins = time.perf_counter() - began
    began = time.perf_counter()
    for rid in joined:
        h.leave(uuid.uuid4(), nid, rid)
    leaves = time.perf_counter() - began
    return 1000 * joins / commands, 1000 * leaves / commands


def raw_read_ms(store: EventStore, stream: str, reads: int = 5) -> float:
    return min(_ratios.timed(lambda: store.read_stream(stream), reads))


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--sizes", default="100,1000,3000", help="members of the neighbourhood")
    p.add_argument("--commands", type=int, default=20, help="joins (and leaves) per figure")
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--pg", action="store_true", help="the store on PostgreSQL, not SQLite")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--no-record", action="store_true")
    args = p.parse_args(argv)
    if args.quick:
        args.sizes, args.commands, args.rounds, args.no_record = "50,200", 5, 1, True
    schema = f"bench_joins_{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as tmp:
        url = f"{PG}?schema={schema}" if args.pg else f"sqlite:///{tmp}/events.db"
        store = connect(url)
        try:
            lines = measure(store, [int(s) for s in args.sizes.split(",")], args)
        finally:
            store.close()
            if args.pg:
                _drop(schema)
    print("\n".join(lines))
    if not args.no_record:
        backend = "PostgreSQL" if args.pg else "SQLite (file)"
        settings = (
            f"`bench/neighbourhood_joins.py --sizes {args.sizes} --commands {args.commands} "
            f"--rounds {args.rounds}{' --pg' if args.pg else ''}`: the neighbourhoods handlers "
            f"in one process on {backend}; per size, {args.commands} joins then their leaves, "
            "remembered and whole-stream taking turns; medians of the rounds, ratio of each "
            "round's whole-stream figure over the remembered one"
        )
        version = _report.pg_version(PG) if args.pg else None
        title = "Joins in a growing neighbourhood"
        heading = _report.heading(title, _report.machine(version), settings)
        with (HERE / "RESULTS.md").open("a") as f:
            f.write("\n" + "\n".join([*heading, *lines]) + "\n")


def measure(store: EventStore, sizes: list[int], args: argparse.Namespace) -> list[str]:
    h = handlers(store)
    nid = h.create(
        uuid.uuid4(), uuid.uuid4(), "Les Lilas", "", square(HOME), home(HOME)
    ).neighbourhood_id
    lines = [
        "| members | join ms, remembered | join ms, whole stream | whole / remembered "
        "| leave ms, remembered | leave ms, whole stream | raw read_stream ms (events) |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in sizes:
        grow(h, nid, size)
        figures: dict[str, list[tuple[float, float]]] = {"remembered": [], "whole": []}
        for _ in range(args.rounds):
            figures["remembered"].append(ms_per_command(h, nid, args.commands))
            with whole_stream():
                plain = handlers(store)
                figures["whole"].append(ms_per_command(plain, nid, args.commands))
        stream = neighbourhood_stream(nid)
        events = len(store.read_stream(stream))
        ratios = _ratios.per_round(
            [w[0] for w in figures["whole"]], [r[0] for r in figures["remembered"]]
        )
        join = {k: statistics.median(f[0] for f in v) for k, v in figures.items()}
        leave = {k: statistics.median(f[1] for f in v) for k, v in figures.items()}
        lines.append(
            f"| {size:,} | {join['remembered']:.1f} | {join['whole']:.1f} | "
            f"{_ratios.spread(ratios)} | {leave['remembered']:.1f} | {leave['whole']:.1f} | "
            f"{raw_read_ms(store, stream):.1f} ({events:,}) |"
        )
        print(lines[-1], flush=True)
    return lines


def _drop(schema: str) -> None:
    import psycopg

    with psycopg.connect(PG, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


if __name__ == "__main__":
    main(sys.argv[1:])
