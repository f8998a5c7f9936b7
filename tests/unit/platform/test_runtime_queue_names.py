"""Queues that belong to one process (the gateway's reply queue, a service's wake-up queue) get
a new name at each connection to the broker: when their node dies, the nodes left delete its
transient queues by name within a fraction of a second, and a queue declared again under the
same name by a client already back can lose its record and bindings to that cleanup while its
consumer stays on (docs/decisions/0051)."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from kombu.entity import Queue

from services.runtime import wakeup
from services.runtime.rpc import TransientReplyListener


class Recorded:
    """What a consumer was built with, in place of kombu's Consumer."""

    def __init__(self, queues: list[Queue], **_: Any) -> None:
        self.queues = queues

    def qos(self, **_: Any) -> None:
        pass


class Container:
    """What Nameko's extensions read of their container here (they hold a weak reference)."""

    service_name = "gateway"
    max_workers = 10
    accept = ("json",)

    def __init__(self) -> None:
        self.config: dict[str, Any] = {}
        self.shared_extensions: dict[Any, Any] = {}


def reply_listener(container: Container) -> TransientReplyListener:
    listener: TransientReplyListener = TransientReplyListener().bind(container)
    listener.setup()
    return listener


def connected(listener: TransientReplyListener) -> Queue:
    """The reply queue the listener's consumer declares on a (re)connection."""
    consumers: list[Recorded] = list(listener.queue_consumer.get_consumers(Recorded, None))
    [consumer] = consumers
    [queue] = consumer.queues
    return queue


def test_a_reconnected_gateway_declares_a_reply_queue_of_a_new_name_and_is_answered_there() -> None:
    container = Container()  # kept alive: the listener only holds a weak reference
    listener = reply_listener(container)
    first = connected(listener)
    second = connected(listener)
    assert first.name != second.name
    assert second.name.startswith("rpc.reply-gateway-")
    # Calls sent after the reconnection name the new queue's key as their reply_to.
    assert second.routing_key == listener.routing_key
    assert first.routing_key != second.routing_key
    assert not second.durable


def test_a_reconnected_wake_up_listener_declares_a_queue_of_a_new_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    declared: list[str] = []
    listener = wakeup.WakeUpListener("amqp://", ["listings"], "listings", lambda _position: None)

    def consumer(channel: Any, queues: list[Queue], **_: Any) -> None:
        declared.append(queues[0].name)
        if len(declared) == 2:
            listener.stop()
        raise OSError("connection lost")  # as when the node dies under the consumer

    monkeypatch.setattr(wakeup, "Connection", mock.MagicMock())
    monkeypatch.setattr(wakeup, "Consumer", consumer)
    monkeypatch.setattr(wakeup, "RETRY_SECONDS", (0,))
    listener.run()
    assert len(declared) == 2
    assert declared[0] != declared[1]
    assert all(name.startswith("quartier.wakeup.listings.") for name in declared)
