"""A service's wake-up listener, on a real broker, passes on the position the relay's message
names (docs/decisions/0067)."""

from __future__ import annotations

import queue
import threading

import pika

from services.runtime.wakeup import WakeUpListener
from tests.support import eventually
from tests.support.rabbit_node import fresh_vhost


def test_the_listener_passes_on_each_messages_position_and_none_without_one() -> None:
    with fresh_vhost() as uri:
        heard: queue.Queue[str | None] = queue.Queue()
        listener = WakeUpListener(uri, ["tests"], "tests", heard.put)
        running = threading.Thread(target=listener.run, daemon=True)
        running.start()
        try:
            eventually(listener.listening.ready, what="the listener consumes")
            connection = pika.BlockingConnection(pika.URLParameters(uri))
            channel = connection.channel()
            for headers in ({"position": "17"}, None, {"position": "18", "other": 1}):
                channel.basic_publish(
                    "tests.events",
                    "tests.ThingHappened",
                    b"{}",
                    pika.BasicProperties(headers=headers),
                )
            connection.close()
            assert [heard.get(timeout=10) for _ in range(3)] == ["17", None, "18"]
        finally:
            listener.stop()
            running.join(timeout=10)
        assert not running.is_alive()
