"""The example consumer (examples/analytics_consumer.py) against the real analytics stream on
RabbitMQ, fed by the real relay: it reads, stops, resumes, and is killed, with no event lost
or stored twice."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from contracts import default_registry
from services.eventstore import EventStore
from services.eventstore.codec import Codec
from services.eventstore.keyring import MemoryKeyring
from services.relay import AnalyticsStream, Relay
from services.subscriptions.database import connect_database
from tests.integration.platform.test_relay import append_things, publish_all
from tests.support.platform_procs import ROOT
from tests.support.waiting import eventually

pytestmark = pytest.mark.rabbitmq
CONSUMER = ROOT / "examples" / "analytics_consumer.py"


def relay(store: EventStore, uri: str, db: Path) -> Relay:
    codec = Codec(default_registry(), MemoryKeyring(), b"p" * 32)
    return Relay(store, connect_database(f"sqlite:///{db}"), uri, analytics=AnalyticsStream(codec))


def publish(store: EventStore, uri: str, db: Path) -> None:
    running = relay(store, uri, db)
    try:
        publish_all(running)
    finally:
        running.close()


def consumer(uri: str, db: Path, *args: str) -> list[str]:
    return [sys.executable, str(CONSUMER), "--amqp", uri, "--db", str(db), *args]


def run(uri: str, db: Path, *args: str) -> str:
    done = subprocess.run(consumer(uri, db, *args), capture_output=True, text=True, timeout=120)
    # The consumer's own lines only: these events hold no personal data.
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stderr


def stored(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute("SELECT event_id FROM events ORDER BY rowid")]


def how_many(db: Path) -> int:
    """Events stored so far, 0 before the consumer has made its tables."""
    if not db.exists():
        return 0
    with sqlite3.connect(db) as conn:
        made = conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'events'").fetchone()
        return conn.execute("SELECT count(*) FROM events").fetchone()[0] if made[0] else 0


def logged(store: EventStore) -> list[str]:
    return [str(e.event_id) for e in store.read_all(limit=None)]


def test_it_reads_stops_and_resumes_where_it_stopped(
    store: EventStore, amqp_uri: str, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.sqlite"
    append_things(store, 30)
    publish(store, amqp_uri, tmp_path / "relay.db")
    assert "next start at offset 12" in run(amqp_uri, copy, "--max", "12")
    assert stored(copy) == logged(store)[:12]
    append_things(store, 20, start=30)
    publish(store, amqp_uri, tmp_path / "relay.db")
    run(amqp_uri, copy, "--max", "38")
    assert stored(copy) == logged(store)
    assert "0 messages read" in run(amqp_uri, copy, "--idle", "1")


def test_killed_at_any_moment_it_resumes_with_none_lost_or_repeated(
    store: EventStore, amqp_uri: str, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.sqlite"
    # Enough that a quick consumer on an idle machine is still reading when the kill lands.
    total = 2000
    append_things(store, total)
    publish(store, amqp_uri, tmp_path / "relay.db")
    process = subprocess.Popen(consumer(amqp_uri, copy), stderr=subprocess.DEVNULL)
    try:
        eventually(lambda: how_many(copy) >= 50, interval=0.01, what="50 events stored")
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    kept = len(stored(copy))
    assert kept < total, "the consumer finished before it was killed: nothing was proven"
    run(amqp_uri, copy, "--max", str(total - kept))
    assert stored(copy) == logged(store)


def test_an_event_the_relay_published_twice_is_stored_once(
    store: EventStore, amqp_uri: str, tmp_path: Path
) -> None:
    append_things(store, 10)
    publish(store, amqp_uri, tmp_path / "relay.db")
    publish(store, amqp_uri, tmp_path / "relay-restored-from-backup.db")  # publishes all again
    copy = tmp_path / "copy.sqlite"
    assert "20 messages read" in run(amqp_uri, copy, "--max", "20")
    assert stored(copy) == logged(store)


def test_a_first_run_starts_at_an_offset_or_a_time(
    store: EventStore, amqp_uri: str, tmp_path: Path
) -> None:
    append_things(store, 10)
    publish(store, amqp_uri, tmp_path / "relay.db")
    run(amqp_uri, tmp_path / "offset.sqlite", "--from-offset", "4", "--max", "6")
    assert stored(tmp_path / "offset.sqlite") == logged(store)[4:]
    # Stream timestamps count whole seconds: the later batch starts in a second of its own.
    second = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=1)
    eventually(lambda: datetime.now(UTC) >= second, what="the next second")
    later = append_things(store, 5, start=10)
    publish(store, amqp_uri, tmp_path / "relay.db")
    since = tmp_path / "since.sqlite"
    run(amqp_uri, since, "--from-time", second.isoformat(), "--idle", "2")
    assert stored(since) == later
