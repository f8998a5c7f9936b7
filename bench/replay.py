"""Replay benchmark (docs/decisions/0032, 0038, 0056): `quartier replay` of a real read model,
neighbourhoods' copy of residents over a log of identity events (personal data sealed with each
resident's key, decoded on the way), or with `--read-model listings` listings' read model over a
log of listings' lives (bench/_listings_log.py), on SQLite and PostgreSQL, beside two figures of
the same run on the same log:

- the raw `read_all` of the same events (target: replay >= 0.5x raw);
- the replay one event at a time (no `handle_batch`: the read model's statements for each event,
  in the batch's transaction), over the first --one-by-one events of the log;
- the replay in batches with every event's data validated again by its schema (the codec every
  other reader uses) rather than converted (`Codec.trusting`, what `quartier replay` uses), over
  the same first events, beside the converting replay of those events (CPU time ratio).

Wall-clock rates are what the target speaks of; on a shared machine whose load changes during
a long run they drift apart, so the ratio of this process's CPU time (raw read over replay) is
printed too: on SQLite it holds all the work, on PostgreSQL the server's share is left out.

    .venv/bin/python bench/replay.py                      # 1,000,000 events; appends RESULTS.md
    .venv/bin/python bench/replay.py --events 200000 --only sqlite
    .venv/bin/python bench/replay.py --events 200000 --only sqlite --read-model listings
    .venv/bin/python bench/replay.py --quick              # smoke run, not recorded
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
from dataclasses import replace  # noqa: E402
from typing import Any  # noqa: E402

import _args  # noqa: E402
import _ledger_fill  # noqa: E402
import _listings_log  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from rich.console import Console  # noqa: E402

from listings.projections.listings import VERSION as LISTINGS_VERSION  # noqa: E402
from listings.projections.listings import read_model as listings_read_model  # noqa: E402
from neighbourhoods.projections.residents import residents  # noqa: E402
from services.eventstore import EventStore, connect  # noqa: E402
from services.subscriptions import Subscriber, connect_database  # noqa: E402
from services.subscriptions.replay import build  # noqa: E402

# What each read model is built from, and the table whose rows the report counts.
READ_MODELS = {
    "residents": (residents, "neighbourhoods_residents_{}_v2"),
    "listings": (listings_read_model, "listings_listings_{}_v" + str(LISTINGS_VERSION)),
}


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = _ledger_fill.parser(__doc__)
    p.add_argument("--events", type=int, default=1_000_000, help="log size")
    p.add_argument("--one-by-one", type=int, default=20_000, help="events replayed one by one")
    p.add_argument("--read-model", choices=sorted(READ_MODELS), default="residents")
    return _args.parsed(p, argv, events=20_000, one_by_one=2_000)


def _replay(
    store: EventStore, read_url: str, subscriber: Subscriber, into: str, until: Any, table: str
) -> Any:
    engine = connect_database(read_url)
    began, cpu = time.monotonic(), time.process_time()
    done = build(store, engine, subscriber, into, until)
    seconds, cpu = time.monotonic() - began, time.process_time() - cpu
    with engine.connect() as conn:
        rows = conn.execute(sa.text(f"SELECT count(*) FROM {table.format(into)}")).scalar()
    engine.dispose()
    return {"applied": done.applied, "rows": rows, "seconds": seconds, "cpu": cpu}


def figures(url: str, read_url: str, args: argparse.Namespace, console: Console) -> dict[str, Any]:
    store = connect(url)
    codec, keyring, _ = _ledger_fill.codec_and_read_model()
    make, table = READ_MODELS[args.read_model]
    subscriber, validating = make(codec.trusting()), make(codec)  # as `quartier replay` builds it
    made = _listings_log.rows(codec, args.events) if args.read_model == "listings" else None
    began = time.monotonic()
    _ledger_fill.fill(url, keyring, args.events, made)
    console.log(f"filled {args.events:,} events in {time.monotonic() - began:.0f} s")
    began, cpu = time.monotonic(), time.process_time()
    read, last = 0, None
    for event in store.read_all(limit=None, types=subscriber.types):
        read += 1
        if read == args.one_by_one:
            last = event.position
    raw, raw_cpu = time.monotonic() - began, time.process_time() - cpu
    console.log(f"raw read_all: {read:,} events in {raw:.1f} s ({raw_cpu:.1f} s CPU)")
    batched = _replay(store, read_url, subscriber, "bench", None, table)
    console.log(f"replay in batches: {batched['seconds']:.1f} s ({batched['cpu']:.1f} s CPU)")
    one_by_one = replace(subscriber, handle_batch=None)
    single = _replay(store, read_url, one_by_one, "single", last, table)
    console.log(f"replay one by one: {single['applied']:,} events in {single['seconds']:.1f} s")
    full = _replay(store, read_url, validating, "full", last, table)
    console.log(f"replay, data validated: {full['applied']:,} events in {full['seconds']:.1f} s")
    head = _replay(store, read_url, subscriber, "head", last, table)
    console.log(f"replay, data converted: {head['applied']:,} events in {head['seconds']:.1f} s")
    store.close()
    return {
        "events": read,
        "raw": raw,
        "raw_cpu": raw_cpu,
        "batched": batched,
        "single": single,
        "full": full,
        "head": head,
    }


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    console = Console()
    results: dict[str, Any] = {}
    with _ledger_fill.targets(args) as targets:
        for name, url, read_url in targets:
            connect(url).close()
            results[name] = figures(url, read_url, args, console)
    lines = report(results)
    console.print("\n".join(lines), highlight=False)
    if not args.no_record:
        record(lines, args)
    return 0


def report(results: dict[str, Any]) -> list[str]:
    lines = [
        "| backend | events | raw read_all ev/s | replay ev/s | replay / raw "
        "| one by one ev/s (events) | one by one / raw | batches / one by one "
        "| replay / raw, CPU of this process | data validated ev/s (events) "
        "| converted / validated (same events), CPU |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in results.items():
        raw = r["events"] / r["raw"]
        batched = r["batched"]["applied"] / r["batched"]["seconds"]
        single = r["single"]["applied"] / r["single"]["seconds"]
        full = r["full"]["applied"] / r["full"]["seconds"]
        lines.append(
            f"| {name} | {r['events']:,} (into {r['batched']['rows']:,} rows) | {raw:,.0f} "
            f"| {batched:,.0f} | {batched / raw:.2f}x | {single:,.0f} ({r['single']['applied']:,}) "
            f"| {single / raw:.2f}x | {batched / single:.1f}x "
            f"| {r['raw_cpu'] / r['batched']['cpu']:.2f}x | {full:,.0f} ({r['full']['applied']:,}) "
            f"| {r['full']['cpu'] / r['head']['cpu']:.2f}x |"
        )
    return lines


def record(lines: list[str], args: argparse.Namespace) -> None:
    only = f" --only {args.only}" if args.only else ""
    _ledger_fill.append_section(
        f"Replay of {args.read_model}, {args.events:,} events",
        f"`bench/replay.py --events {args.events} --one-by-one {args.one_by_one}"
        f" --read-model {args.read_model}{only}`",
        lines,
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
