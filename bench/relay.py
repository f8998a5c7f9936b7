"""Relay benchmark: events/s from the log to confirmed publish, beside raw pika measured in the
same run on the same broker, with the same messages.

    .venv/bin/python bench/relay.py              # 20,000 events; appends to bench/RESULTS.md
    .venv/bin/python bench/relay.py --quick      # 3,000 events, not recorded

Every figure publishes into a fresh vhost whose `tests.events` exchange is bound to a durable
queue (persistent messages are written to disk before the broker confirms them).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pika
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from contracts import default_registry  # noqa: E402
from services.eventstore import NO_STREAM, NewEvent, connect  # noqa: E402
from services.eventstore.codec import Codec  # noqa: E402
from services.eventstore.keyring import MemoryKeyring  # noqa: E402
from services.relay import AnalyticsStream, Relay  # noqa: E402
from services.relay.messages import event_message  # noqa: E402
from services.subscriptions.database import connect_database  # noqa: E402

BROKER = os.environ.get("QUARTIER_BENCH_AMQP", "amqp://guest:guest@localhost:5672/")


@contextlib.contextmanager
def vhost() -> Iterator[str]:
    name = f"bench_{uuid.uuid4().hex[:10]}"
    subprocess.run(["rabbitmqctl", "add_vhost", name], check=True, capture_output=True)
    subprocess.run(
        ["rabbitmqctl", "set_permissions", "-p", name, "guest", ".*", ".*", ".*"],
        check=True,
        capture_output=True,
    )
    uri = BROKER.rstrip("/") + "/" + name
    with contextlib.closing(pika.BlockingConnection(pika.URLParameters(uri))) as conn:
        ch = conn.channel()
        ch.exchange_declare("tests.events", "topic", durable=True)
        ch.queue_declare("sink", durable=True)
        ch.queue_bind("sink", "tests.events", "#")
    try:
        yield uri
    finally:
        subprocess.run(["rabbitmqctl", "delete_vhost", name], capture_output=True)


def fill(path: Path, count: int) -> None:
    store = connect(f"sqlite:///{path}")
    meta = {"correlation_id": str(uuid.uuid4()), "causation_id": None, "actor": "system:bench"}
    for i in range(count):
        data = {"n": i, "title": "Perceuse à prêter", "text": "x" * 200}
        event = NewEvent(type="tests.ThingHappened", data=data, metadata=meta)
        store.append(f"tests.thing-{uuid.uuid4()}", [event], NO_STREAM)
    store.close()


def relay_rate(events_db: Path, uri: str, analytics: bool, batch: int) -> float:
    store = connect(f"sqlite:///{events_db}")
    with tempfile.TemporaryDirectory() as tmp:
        stream = AnalyticsStream(Codec(default_registry(), MemoryKeyring(), b"b" * 32))
        relay = Relay(
            store,
            connect_database(f"sqlite:///{tmp}/relay.db"),
            uri,
            analytics=stream if analytics else None,
            batch_size=batch,
        )
        relay.connect()
        started, total = time.perf_counter(), 0
        while published := relay.run_once():
            total += published
        elapsed = time.perf_counter() - started
        relay.close()
    store.close()
    return total / elapsed


def raw_pipelined(events_db: Path, uri: str) -> float:
    """pika alone at its fastest: every message published at once, async confirms counted."""
    store = connect(f"sqlite:///{events_db}")
    messages = [event_message(e) for e in store.read_all(limit=None)]
    store.close()
    state = {"acked": 0}
    started: list[float] = []
    conn_box: list[pika.SelectConnection] = []

    def on_ack(frame: Any) -> None:
        method = frame.method
        state["acked"] = method.delivery_tag if method.multiple else state["acked"] + 1
        if state["acked"] >= len(messages):
            conn_box[0].close()

    def on_confirming(channel: Any) -> None:
        started.append(time.perf_counter())
        for m in messages:
            channel.basic_publish(m.exchange, m.routing_key, m.body, m.properties)

    def on_channel(channel: Any) -> None:
        channel.confirm_delivery(on_ack, callback=lambda _frame: on_confirming(channel))

    conn = pika.SelectConnection(
        pika.URLParameters(uri),
        on_open_callback=lambda c: c.channel(on_open_callback=on_channel),
        on_close_callback=lambda c, _r: c.ioloop.stop(),
    )
    conn_box.append(conn)
    conn.ioloop.start()
    return len(messages) / (time.perf_counter() - started[0])


def raw_blocking(events_db: Path, uri: str, limit: int) -> float:
    """pika's BlockingChannel with confirm_delivery(): each basic_publish waits for its ack."""
    store = connect(f"sqlite:///{events_db}")
    messages = [event_message(e) for e in store.read_all(limit=limit)]
    store.close()
    with contextlib.closing(pika.BlockingConnection(pika.URLParameters(uri))) as conn:
        channel = conn.channel()
        channel.confirm_delivery()
        started = time.perf_counter()
        for m in messages:
            channel.basic_publish(m.exchange, m.routing_key, m.body, m.properties)
        return len(messages) / (time.perf_counter() - started)


def green_relay_rate(events_db: Path, uri: str, batch: int) -> float:
    """The relay in a process monkey-patched by eventlet, as under `nameko run`."""
    code = (
        "import eventlet; eventlet.monkey_patch()\n"
        "import sys; sys.path.insert(0, sys.argv[1]); sys.argv = sys.argv[1:]\n"
        "import relay as bench; from pathlib import Path\n"
        "print(bench.relay_rate(Path(sys.argv[1]), sys.argv[2], True, int(sys.argv[3])))\n"
    )
    done = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", code, str(Path(__file__).parent), str(events_db),
         uri, str(batch)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return float(done.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--events", type=int, default=20_000)
    p.add_argument("--batch", type=int, default=500)
    p.add_argument("--quick", action="store_true", help="3,000 events; not recorded")
    p.add_argument("--no-record", action="store_true")
    args = p.parse_args(argv)
    if args.quick:
        args.events, args.no_record = 3000, True
    console = Console()
    rows: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "events.db"
        console.print(f"filling a SQLite log with {args.events:,} events...")
        fill(db, args.events)
        figures = {
            "raw pika, pipelined, async confirms (baseline)": lambda u: raw_pipelined(db, u),
            "raw pika, BlockingChannel confirm per message": lambda u: raw_blocking(db, u, 2000),
            "relay, events only": lambda u: relay_rate(db, u, False, args.batch),
            "relay, events + analytics stream": lambda u: relay_rate(db, u, True, args.batch),
            "relay, events + analytics, eventlet-patched": lambda u: green_relay_rate(
                db, u, args.batch
            ),
        }
        for label, measure in figures.items():
            with vhost() as uri:
                rows.append((label, measure(uri)))
    base = rows[0][1]
    title = f"Relay: log -> confirmed publish ({args.events:,} events, batch {args.batch})"
    table = Table(title=title)
    for col in ("measure", "events/s", "vs baseline"):
        table.add_column(col, justify="left" if col == "measure" else "right")
    for label, rate in rows:
        table.add_row(label, f"{rate:,.0f}", f"{rate / base:.2f}x")
    console.print(table)
    if not args.no_record:
        record(rows, base, args)
    return 0


def record(rows: list[tuple[str, float]], base: float, args: argparse.Namespace) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from _report import heading, machine

    server = subprocess.run(["rabbitmqctl", "version"], capture_output=True, text=True).stdout
    settings = (
        f"`bench/relay.py` {args.events:,} events in a SQLite log, batch {args.batch}; "
        "raw pika figures publish the same `<context>.events` messages (the blocking one, the "
        "first 2,000). Analytics rows publish two messages per event."
    )
    host = f"{machine(None).split('; PostgreSQL')[0]}; RabbitMQ {server.strip() or '?'}"
    lines = [
        *heading("Relay", host, settings),
        "| measure | events/s | vs baseline |",
        "|---|---:|---:|",
        *(f"| {label} | {rate:,.0f} | {rate / base:.2f}x |" for label, rate in rows),
    ]
    with (Path(__file__).parent / "RESULTS.md").open("a") as f:
        f.write("\n" + "\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
