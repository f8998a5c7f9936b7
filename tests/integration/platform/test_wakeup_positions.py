"""A service's wake-up listener, on a real broker, passes on the position the relay's message
names when the message names the service's own log, and nothing else (docs/decisions/0067)."""

from __future__ import annotations

import queue
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pika

from services.eventstore import NewEvent, connect
from services.relay import Relay
from services.runtime.wakeup import WakeUpListener
from services.subscriptions.database import connect_database
from tests.support import eventually
from tests.support.rabbit_node import fresh_vhost


@contextmanager
def _listening(uri: str, log: str | None) -> Iterator[queue.Queue[str | None]]:
    """A listener for `log`, consuming: each wake-up it passes on lands in the queue."""
    heard: queue.Queue[str | None] = queue.Queue()
    listener = WakeUpListener(uri, ["tests"], "tests", heard.put, log)
    running = threading.Thread(target=listener.run, daemon=True)
    running.start()
    try:
        eventually(listener.listening.ready, what="the listener consumes")
        yield heard
    finally:
        listener.stop()
        running.join(timeout=10)
        assert not running.is_alive()


def _heard(uri: str, log: str | None, sent: list[dict[str, object] | None]) -> list[str | None]:
    """What a listener for `log` passes on, one wake-up for each message `sent` (its headers)."""
    with _listening(uri, log) as heard:
        connection = pika.BlockingConnection(pika.URLParameters(uri))
        channel = connection.channel()
        for headers in sent:
            channel.basic_publish(
                "tests.events", "tests.ThingHappened", b"{}", pika.BasicProperties(headers=headers)
            )
        connection.close()
        return [heard.get(timeout=10) for _ in sent]


def test_the_listener_passes_on_the_positions_of_its_own_log_only() -> None:
    sent: list[dict[str, object] | None] = [
        {"position": "17", "log": "0123456789abcdef"},
        None,
        {"position": "18", "log": "fedcba9876543210"},  # another store's relay on this vhost
        {"position": "19"},  # a relay whose store names no log
        {"position": "20", "log": "0123456789abcdef", "other": 1},
    ]
    with fresh_vhost() as uri:
        assert _heard(uri, "0123456789abcdef", sent) == ["17", None, None, None, "20"]
        # A store that names no log takes no position from any message.
        assert _heard(uri, None, sent) == [None] * len(sent)


def test_a_relay_names_the_log_a_service_opening_the_same_store_expects(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/events.db"
    relayed, served = connect(url), connect(url)  # the relay's process and a service's
    appended = relayed.append(f"tests.thing-{uuid.uuid4()}", [NewEvent("tests.ThingHappened", {})])
    with fresh_vhost() as uri, _listening(uri, served.log_id) as heard:
        engine = connect_database(f"sqlite:///{tmp_path}/relay.db")
        relay = Relay(relayed, engine, uri, wakeups=False)
        try:
            assert relay.run_once() == 1
        finally:
            relay.close()
            engine.dispose()
        assert heard.get(timeout=10) == str(appended.position)
    relayed.close()
    served.close()
