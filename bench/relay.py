"""Relay benchmark: events/s from the log to confirmed publish, beside raw pika measured in the
same run on the same broker, with the same messages.

    .venv/bin/python bench/relay.py              # 20,000 events; appends to bench/RESULTS.md
    .venv/bin/python bench/relay.py --quick      # 3,000 events, not recorded
    .venv/bin/python bench/relay.py --before ../old-checkout --rounds 3

The log holds registered contract events (listings, responses, residents, memberships), encoded
as the services do, personal fields sealed in a keyring beside it: the analytics figures read and
pseudonymise them as the relay does in production. Every figure publishes into a fresh vhost
whose `<context>.events` exchanges are bound to a durable queue (persistent messages are written
to disk before the broker confirms them). Each relay
figure runs in a process of its own (bench/_relay_run.py); with `--before`, the relay of that
source tree is measured too, alternating with this one round by round, so that a noisy machine
weighs on both alike. A round measures its own baseline; figures are the medians of the rounds,
ratios the medians of each round's ratio. CPU is the process's CPU time per event, which the
load of other processes disturbs less than the rate.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pika
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _ratios import load, spread  # noqa: E402  (bench/, this script's folder)
from _relay_raw import (  # noqa: E402
    Figure,
    keyring_url,
    raw_apart,
    raw_blocking,
    raw_pipelined,
)

from services.eventstore import NO_STREAM, connect  # noqa: E402

BROKER = os.environ.get("QUARTIER_BENCH_AMQP", "amqp://guest:guest@localhost:5672/")
# Vhosts are made and deleted per figure; a prefix of one's own keeps parallel runs apart.
VHOST_PREFIX = os.environ.get("QUARTIER_BENCH_VHOST_PREFIX", "bench_")


@contextlib.contextmanager
def vhost() -> Iterator[str]:
    name = f"{VHOST_PREFIX}{uuid.uuid4().hex[:10]}"
    subprocess.run(["rabbitmqctl", "add_vhost", name], check=True, capture_output=True)
    subprocess.run(
        ["rabbitmqctl", "set_permissions", "-p", name, "guest", ".*", ".*", ".*"],
        check=True,
        capture_output=True,
    )
    uri = BROKER.rstrip("/") + "/" + name
    with contextlib.closing(pika.BlockingConnection(pika.URLParameters(uri))) as conn:
        ch = conn.channel()
        ch.queue_declare("sink", durable=True)
        for context in CONTEXTS:
            ch.exchange_declare(f"{context}.events", "topic", durable=True)
            ch.queue_bind("sink", f"{context}.events", "#")
    try:
        yield uri
    finally:
        subprocess.run(["rabbitmqctl", "delete_vhost", name], capture_output=True)


# The contexts whose `<context>.events` exchanges the log's events go to (fill).
CONTEXTS = ("identity", "listings", "neighbourhoods")
# Residents the events are about: keys repeat within a batch as they do in a neighbourhood.
RESIDENTS = 500


def fill(path: Path, count: int) -> None:
    """Registered contract events, encoded as the services do (validated, personal fields
    sealed under their subject's key), so the analytics path reads and pseudonymises them."""
    from contracts import Metadata, default_registry
    from contracts.identity.accounts import ResidentRegistered
    from contracts.listings.listings import ListingPublished
    from contracts.listings.responses import ResponseSent
    from contracts.neighbourhoods.members import MemberJoined
    from services.eventstore.codec import Codec
    from services.eventstore.keyring import connect_keyring

    keyring = connect_keyring(keyring_url(path))
    codec = Codec(default_registry(), keyring, b"b" * 32)
    store = connect(f"sqlite:///{path}")
    residents = [uuid.uuid4() for _ in range(RESIDENTS)]
    hood, at = uuid.uuid4(), datetime(2026, 11, 2, tzinfo=UTC)
    for i in range(count):
        who, lid = residents[i % RESIDENTS], uuid.uuid4()
        event: Any = [
            ListingPublished(
                lid, who, [hood], "offer", "loan", f"Perceuse à prêter {i}",
                "Une perceuse " * 12, {"item": "perceuse"}, [], at + timedelta(days=30), at,
            ),
            ResponseSent(lid, uuid.uuid4(), who, f"Je suis intéressé {i}", at),
            ResidentRegistered(who, f"r{i}@example.org", f"Résident {i}", at, "fr"),
            MemberJoined(hood, who, uuid.uuid4(), at),
        ][i % 4]  # fmt: skip
        meta = Metadata(str(uuid.uuid4()), None, f"resident:{who}")
        context = type(event).__module__.split(".")[1]
        store.append(f"{context}.thing-{uuid.uuid4()}", [codec.encode(event, meta)], NO_STREAM)
    store.close()
    keyring.close()


def relay_rate(
    tree: Path, events_db: Path, uri: str, analytics: bool, batch: int, green: bool
) -> Figure:
    """The relay of source tree `tree` in a process of its own (eventlet-patched if `green`)."""
    done = subprocess.run(
        [sys.executable, "-W", "ignore", str(Path(__file__).parent / "_relay_run.py"), str(tree),
         str(events_db), uri, str(int(analytics)), str(batch), str(int(green))],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    rate, cpu = done.stdout.strip().splitlines()[-1].split()
    return float(rate), float(cpu)


def relays_apart(events_db: Path, uri: str, batch: int) -> Figure:
    """The services' events relay and the analytics relay (0064) of this tree, each in a process
    of its own, started together: the slower one's rate (both publish every event), the sum of
    their CPU per event."""
    script = str(Path(__file__).parent / "_relay_run.py")
    with tempfile.TemporaryDirectory() as ready:
        runs = []
        for which in ("0", "only"):
            argv = [script, str(ROOT), str(events_db), uri, which, str(batch), "0", ready]
            runs.append(
                subprocess.Popen(
                    [sys.executable, "-W", "ignore", *argv], stdout=subprocess.PIPE, text=True
                )
            )
        figures = []
        for run in runs:
            out, _ = run.communicate()
            if run.returncode:
                raise RuntimeError(f"a relay measured apart failed ({run.returncode})")
            rate, cpu = out.strip().splitlines()[-1].split()
            figures.append((float(rate), float(cpu)))
    return min(r for r, _ in figures), sum(c for _, c in figures)


VARIANTS = (  # label, analytics, eventlet-patched
    ("events only", False, False),
    ("events + analytics stream", True, False),
    ("events + analytics, eventlet-patched", True, True),
)
BASELINE = "raw pika, pipelined, async confirms (baseline)"
BASELINE_BOTH = "raw pika, pipelined, async confirms, each event's two messages"
BLOCKING = "raw pika, BlockingChannel confirm per message"
BASELINE_APART = "raw pika, each event's two messages from two processes, one for each stream"
APART = "relay apart: events relay + analytics relay, two processes (0064)"


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--events", type=int, default=20_000)
    p.add_argument("--batch", type=int, default=500)
    p.add_argument("--rounds", type=int, default=1)
    p.add_argument("--before", type=Path, help="another source tree whose relay to compare")
    p.add_argument("--quick", action="store_true", help="3,000 events; not recorded")
    p.add_argument("--no-record", action="store_true")
    args = p.parse_args(argv)
    if args.quick:
        args.events, args.no_record = 3000, True
    args.loads = []
    trees = [("before: ", args.before.resolve())] if args.before else []
    trees.append(("after: " if args.before else "", ROOT))
    console = Console()
    figures: dict[str, list[Figure]] = {}
    ratios: dict[str, list[float]] = {}
    same: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "events.db"
        console.print(f"filling a SQLite log with {args.events:,} events...")
        fill(db, args.events)
        groups = [
            [
                (f"{name}relay, {label}", _relay(tree, db, analytics, args.batch, green))
                for label, analytics, green in VARIANTS
            ]
            for name, tree in trees
        ]
        with vhost() as uri:  # once: it only shows what pipelining is for
            blocking = raw_blocking(db, uri, 2000)
        for n in range(args.rounds):
            # The trees take turns going first: the machine's load drifts within a round too.
            order = groups if n % 2 == 0 else groups[::-1]
            measures = [
                (BASELINE, lambda u: raw_pipelined(db, u)),
                (BASELINE_BOTH, lambda u: raw_pipelined(db, u, analytics=True)),
            ]
            measures += [m for group in order for m in group]
            measures += [
                (BASELINE_APART, lambda u: raw_apart(db, u)),
                (APART, lambda u: relays_apart(db, u, args.batch)),
            ]
            for label, measure in measures:
                with vhost() as uri:
                    figure = measure(uri)
                figures.setdefault(label, []).append(figure)
                base = figures[BASELINE][-1][0]
                ratios.setdefault(label, []).append(figure[0] / base)
                # The same messages: the relay with analytics against pika sending both.
                both = "analytics" in label or label in (BASELINE_BOTH, BASELINE_APART)
                like = figures[BASELINE_BOTH][-1][0] if both else base
                same.setdefault(label, []).append(figure[0] / like)
            console.print(f"round {n + 1} of {args.rounds} done; load average {load()}")
            args.loads.append(f"{os.getloadavg()[0]:.1f}")
    figures[BLOCKING] = [blocking]
    ratios[BLOCKING] = same[BLOCKING] = [blocking[0] / figures[BASELINE][0][0]]
    rows = [
        (label, statistics.median(r for r, _ in got), spread(ratios[label]),
         spread(same[label]), statistics.median(c for _, c in got), [r for r, _ in got])
        for label, got in figures.items()
    ]  # fmt: skip
    title = f"Relay: log -> confirmed publish ({args.events:,} events, batch {args.batch})"
    table = Table(title=f"{title}, {args.rounds} round(s)")
    for col in COLUMNS:
        table.add_column(col, justify="left" if col == "measure" else "right")
    for label, rate, ratio, like, cpu, each in rows:
        table.add_row(label, f"{rate:,.0f}", ratio, like, f"{cpu:,.0f}", _each(each))
    console.print(table)
    if not args.no_record:
        record(rows, args)
    return 0


def _relay(
    tree: Path, db: Path, analytics: bool, batch: int, green: bool
) -> Callable[[str], Figure]:
    return lambda uri: relay_rate(tree, db, uri, analytics, batch, green)


def _each(rates: list[float]) -> str:
    return ", ".join(f"{r:,.0f}" for r in rates)


COLUMNS = (
    "measure", "events/s", "vs baseline", "vs raw, same messages", "CPU µs/event",
    "rounds' events/s",
)  # fmt: skip


def record(
    rows: list[tuple[str, float, str, str, float, list[float]]], args: argparse.Namespace
) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from _report import heading, machine

    server = subprocess.run(["rabbitmqctl", "version"], capture_output=True, text=True).stdout
    settings = (
        f"`bench/relay.py --rounds {args.rounds}{' --before <tree>' if args.before else ''}` "
        f"{args.events:,} events in a SQLite log, batch {args.batch}; raw pika figures publish the "
        "same `<context>.events` messages (the blocking one, the first 2,000, once, over the first "
        "round's baseline). Analytics rows publish two messages per event; \"vs raw, same "
        'messages" sets them against pika publishing those two messages. Figures are medians '
        "of the rounds; ratios the medians of each round's figure over its own baseline (their "
        "range beside); CPU is the publishing process's CPU time per event. Load average (1 min) "
        f"after each round: {', '.join(args.loads)}; at the end: {load()}."
    )
    host = f"{machine(None).split('; PostgreSQL')[0]}; RabbitMQ {server.strip() or '?'}"
    lines = [
        *heading("Relay", host, settings),
        "| " + " | ".join(COLUMNS) + " |",
        "|---|---:|---:|---:|---:|---:|",
        *(
            f"| {label} | {rate:,.0f} | {ratio} | {like} | {cpu:,.0f} | {_each(each)} |"
            for label, rate, ratio, like, cpu, each in rows
        ),
    ]
    with (Path(__file__).parent / "RESULTS.md").open("a") as f:
        f.write("\n" + "\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
