"""An example consumer of the analytics stream: keeps a local copy of every event, resumes
where it stopped, and never stores an event twice.

    python examples/analytics_consumer.py --db events.sqlite                   # from the start
    python examples/analytics_consumer.py --db events.sqlite --from-offset 1200
    python examples/analytics_consumer.py --db events.sqlite --from-time 2026-11-30T00:00:00Z
    python examples/analytics_consumer.py --db events.sqlite                   # resumes

The broker comes from --amqp or QUARTIER_AMQP_URI (default amqp://guest:guest@localhost:5672/).
It stops after --max messages, after --idle seconds without one, or on Ctrl-C / SIGTERM.

How resuming works. `quartier.analytics` is a RabbitMQ stream: a log the broker keeps, which
every consumer reads from an offset of its choosing (`x-stream-offset`). Each message arrives
with its offset in the `x-stream-offset` header. This consumer writes the event and that offset
in one SQLite transaction, then acknowledges: killed at any moment, it has either stored both
or neither, and starts again at the offset after the last one stored.

Why event_id is the key. The relay publishes at least once (a crash between the broker's
confirm and its own checkpoint publishes a batch again), so the stream may hold an event twice
under two offsets; `INSERT OR IGNORE` on event_id keeps one.

Why --from-time filters too. RabbitMQ starts a timestamp read at the beginning of the chunk
holding that second, so a few earlier messages may come first; they are passed over by their
`recorded_at`.

Only pika and the standard library: copy this file anywhere.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sqlite3
import sys
from datetime import UTC, datetime
from typing import Any

import pika
import pika.exceptions

STREAM = "quartier.analytics"
PREFETCH = 200  # a stream consumer must set one; acknowledgements move the window on

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    event_id TEXT PRIMARY KEY,
    position TEXT NOT NULL,
    type TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS checkpoint (
    stream TEXT PRIMARY KEY,
    stream_offset INTEGER NOT NULL
);
"""


def open_db(path: str) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.executescript(SCHEMA)
    return db


def last_offset(db: sqlite3.Connection) -> int | None:
    row = db.execute("SELECT stream_offset FROM checkpoint WHERE stream = ?", (STREAM,)).fetchone()
    return None if row is None else int(row[0])


def store(db: sqlite3.Connection, offset: int, body: dict[str, Any] | None) -> None:
    """The event (None: one passed over) and its offset, together or not at all."""
    db.execute("BEGIN IMMEDIATE")
    try:
        if body is not None:
            db.execute(
                "INSERT OR IGNORE INTO events VALUES (?, ?, ?, ?, ?)",
                (
                    body["event_id"],
                    body["position"],
                    body["type"],
                    body["recorded_at"],
                    json.dumps(body, ensure_ascii=False),
                ),
            )
        db.execute(
            "INSERT INTO checkpoint VALUES (?, ?)"
            " ON CONFLICT (stream) DO UPDATE SET stream_offset = excluded.stream_offset",
            (STREAM, offset),
        )
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def start_at(db: sqlite3.Connection, args: argparse.Namespace) -> Any:
    """Where to read from: after the checkpoint when there is one, else what was asked."""
    done = last_offset(db)
    if done is not None:
        return done + 1
    if args.from_offset is not None:
        return args.from_offset
    if args.from_time is not None:
        return args.from_time  # pika sends a datetime as an AMQP timestamp
    return "first"


def consume(args: argparse.Namespace) -> int:
    db = open_db(args.db)
    since: datetime | None = args.from_time if last_offset(db) is None else None
    connection = pika.BlockingConnection(pika.URLParameters(args.amqp))
    channel = connection.channel()
    channel.basic_qos(prefetch_count=PREFETCH)
    signal.signal(signal.SIGTERM, _interrupt)
    received = 0
    try:
        messages = channel.consume(
            STREAM,
            arguments={"x-stream-offset": start_at(db, args)},
            inactivity_timeout=args.idle,
        )
        for method, properties, body in messages:
            if method is None:  # --idle seconds without a message
                break
            offset = int(properties.headers["x-stream-offset"])
            done = last_offset(db)
            if done is None or offset > done:
                event = json.loads(body)
                wanted = since is None or datetime.fromisoformat(event["recorded_at"]) >= since
                store(db, offset, event if wanted else None)
            channel.basic_ack(method.delivery_tag)
            received += 1
            if args.max is not None and received >= args.max:
                break
    except KeyboardInterrupt:
        pass
    finally:
        # On the way out pika rejects the messages prefetched but not handled, and a stream
        # answers a reject by closing the connection: harmless, as the offset to start from
        # next time is the one stored with the last event, not the broker's.
        with contextlib.suppress(pika.exceptions.AMQPError):
            if connection.is_open:
                connection.close()
        db.close()
    print(f"{received} messages read; next start at offset {_next(args.db)}", file=sys.stderr)
    return 0


def _interrupt(*_: object) -> None:
    # As Ctrl-C: whatever was being stored is rolled back whole, and read again next time.
    raise KeyboardInterrupt


def _next(path: str) -> str:
    db = sqlite3.connect(path)
    try:
        done = last_offset(db)
        return "first" if done is None else str(done + 1)
    finally:
        db.close()


def _when(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="the SQLite file of the local copy")
    parser.add_argument(
        "--amqp",
        default=os.environ.get("QUARTIER_AMQP_URI", "amqp://guest:guest@localhost:5672/"),
    )
    start = parser.add_mutually_exclusive_group()
    start.add_argument("--from-offset", type=int, help="a stream offset (first run only)")
    start.add_argument("--from-time", type=_when, help="an ISO time (first run only)")
    parser.add_argument("--max", type=int, help="stop after this many messages")
    parser.add_argument("--idle", type=float, help="stop after this many seconds without one")
    return consume(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
