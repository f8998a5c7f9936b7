"""A service's wake-up listener, on a real broker, passes on the position the relay's message
names when the message names the service's own log, and nothing else (docs/decisions/0067)."""

from __future__ import annotations

import queue
import threading

import pika

from services.runtime.wakeup import WakeUpListener
from tests.support import eventually
from tests.support.rabbit_node import fresh_vhost


def _heard(uri: str, log: str | None, sent: list[dict[str, object] | None]) -> list[str | None]:
    """What a listener for `log` passes on, one wake-up for each message `sent` (its headers)."""
    heard: queue.Queue[str | None] = queue.Queue()
    listener = WakeUpListener(uri, ["tests"], "tests", heard.put, log)
    running = threading.Thread(target=listener.run, daemon=True)
    running.start()
    try:
        eventually(listener.listening.ready, what="the listener consumes")
        connection = pika.BlockingConnection(pika.URLParameters(uri))
        channel = connection.channel()
        for headers in sent:
            channel.basic_publish(
                "tests.events", "tests.ThingHappened", b"{}", pika.BasicProperties(headers=headers)
            )
        connection.close()
        return [heard.get(timeout=10) for _ in sent]
    finally:
        listener.stop()
        running.join(timeout=10)
        assert not running.is_alive()


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
