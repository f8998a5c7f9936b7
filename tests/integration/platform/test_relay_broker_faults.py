"""kill -9 RabbitMQ during a relay run, restart it: nothing is lost, and the log says so in one
line each way.

Runs against a private RabbitMQ node of its own (tests/support/rabbit_node.py), never the
machine's shared broker.
"""

from __future__ import annotations

import collections
import contextlib
import logging
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from contracts import default_registry
from services.eventstore import NO_STREAM, EventStore, NewEvent, connect
from services.eventstore.codec import Codec
from services.eventstore.keyring import MemoryKeyring
from services.relay import AnalyticsStream, Relay
from services.subscriptions.database import connect_database
from tests.support import eventually
from tests.support.rabbit_node import bind_queue, private_node, rabbitmqctl, read_queue

pytestmark = pytest.mark.rabbitmq
EVENTS = 3000
KILLS = 3


def test_killing_the_broker_three_times_loses_no_event(tmp_path: Path) -> None:
    store = connect(f"sqlite:///{tmp_path}/events.db")
    appended: list[str] = []
    with private_node() as node:
        bind_queue(node.uri, "tests.events", "seen")
        relay = Relay(
            store,
            connect_database(f"sqlite:///{tmp_path}/relay.db"),
            node.uri,
            analytics=AnalyticsStream(Codec(default_registry(), MemoryKeyring(), b"k" * 32)),
            batch_size=50,
            confirm_timeout=10,
            max_backoff=1.0,
        )
        with _relaying(relay) as stop:
            writing = threading.Thread(target=_append_steadily, args=(store, appended, stop))
            writing.start()
            _wait_for_progress(relay)
            # A stream queue killed in its first seconds can come back "down or inaccessible"
            # for good (RabbitMQ 3.10); a clean stop and start first settles it on disk.
            rabbitmqctl("stop_app", node=node.name)
            rabbitmqctl("start_app", node=node.name)
            for _ in range(KILLS):
                _wait_for_progress(relay)
                node.kill()
                time.sleep(0.5)  # the relay keeps failing and backing off meanwhile
                node.start()
            writing.join(timeout=60)
            _caught_up(relay, store, 60)
        assert len(appended) == EVENTS

        got = read_queue(node.uri, "seen", until=10**9, timeout=3)
        counts = collections.Counter(m.properties.message_id for m in got)
        assert set(counts) == set(appended), "every event arrived at least once"
        redelivered = sum(n - 1 for n in counts.values())
        first_seen = list(dict.fromkeys(m.properties.message_id for m in got))
        assert first_seen == appended, "first deliveries come in log order"

        stream = read_queue(
            node.uri, "quartier.analytics", until=10**9, timeout=3,
            arguments={"x-stream-offset": "first"},
        )  # fmt: skip
        assert set(m.properties.message_id for m in stream) == set(appended)
        print(f"{EVENTS} events, {KILLS} kills: {redelivered} duplicates on the events queue")
    store.close()


def test_a_broker_restart_is_logged_in_one_line_each_way_without_a_traceback(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    store = connect(f"sqlite:///{tmp_path}/events.db")
    with private_node() as node:
        bind_queue(node.uri, "tests.events", "seen")
        relay = Relay(
            store,
            connect_database(f"sqlite:///{tmp_path}/relay.db"),
            node.uri,
            confirm_timeout=10,
            max_backoff=0.5,
        )
        with _relaying(relay):
            _append(store, 5)
            _caught_up(relay, store, 30)
            caplog.clear()
            node.kill()
            _append(store, 5)  # the relay finds the broker gone when it publishes these
            eventually(lambda: _relay_lines(caplog, logging.WARNING), timeout=30, what="a warning")
            node.start()
            _append(store, 5)
            _caught_up(relay, store, 60)
    store.close()
    assert "Traceback" not in caplog.text
    loud = [(r.name, r.levelname) for r in caplog.records if r.levelno >= logging.WARNING]
    assert loud == [("quartier.relay", "WARNING")]
    [lost] = _relay_lines(caplog, logging.WARNING)
    assert f"RabbitMQ at localhost:{node.port} is unavailable" in lost
    [back] = _relay_lines(caplog, logging.INFO)
    assert "publishing again" in back


@contextlib.contextmanager
def _relaying(relay: Relay) -> Iterator[threading.Event]:
    """The relay running in a thread until the block ends, then stopped and closed; the block
    is given the event that stops it."""
    stop = threading.Event()
    relaying = threading.Thread(target=relay.run, args=(stop, 0.05))
    relaying.start()
    try:
        yield stop
    finally:
        stop.set()
        relaying.join(timeout=30)
        relay.close()


def _relay_lines(caplog: pytest.LogCaptureFixture, level: int) -> list[str]:
    return [
        r.getMessage() for r in caplog.records if r.name == "quartier.relay" and r.levelno == level
    ]


def _append(store: object, count: int) -> None:
    for i in range(count):
        event = NewEvent(type="tests.ThingHappened", data={"n": i})
        store.append(f"tests.thing-{uuid.uuid4()}", [event], NO_STREAM)  # type: ignore[attr-defined]


def _append_steadily(store: object, appended: list[str], stop: threading.Event) -> None:
    # About 3000 events over ~25 s, so that appends and broker kills overlap.
    for i in range(EVENTS):
        if stop.is_set():
            return
        event = NewEvent(type="tests.ThingHappened", data={"n": i})
        store.append(f"tests.thing-{uuid.uuid4()}", [event], NO_STREAM)  # type: ignore[attr-defined]
        appended.append(str(event.event_id))
        if i % 100 == 99:
            time.sleep(0.8)


def _caught_up(relay: Relay, store: EventStore, timeout: float) -> None:
    what = "the relay's checkpoint at the log's head"
    eventually(lambda: relay.position() == str(store.head()), timeout=timeout, what=what)


def _wait_for_progress(relay: Relay) -> None:
    before = relay.position()
    eventually(lambda: relay.position() != before, timeout=30, what="relay progress")
