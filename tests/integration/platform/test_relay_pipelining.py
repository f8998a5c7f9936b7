"""The relay's pipeline (0047): while the broker confirms one batch the relay sends the next, and
still never checkpoints a position before every message up to it is confirmed.

Faults are injected where a batch is sent: the relay's publisher is wrapped so that a test can act
just before or after a given batch goes out.
"""

from __future__ import annotations

import contextlib
import threading
import uuid
from collections.abc import Callable
from pathlib import Path

import pika
import pytest

from services.eventstore import NO_STREAM, EventStore, NewEvent
from services.relay import BrokerUnavailable, Relay
from services.subscriptions.database import connect_database
from tests.support.rabbit_node import SHARED_PORT, bind_queue, read_queue
from tests.support.tcp_proxy import TcpProxy

pytestmark = pytest.mark.rabbitmq
BATCH = 10


def test_a_connection_lost_with_two_batches_in_flight_loses_nothing(
    store: EventStore, tmp_path: Path, amqp_uri: str
) -> None:
    bind_queue(amqp_uri, "tests.events", "seen")
    ids = _append(store, 3 * BATCH)
    with TcpProxy("localhost", SHARED_PORT) as proxy:
        relay = _relay(store, tmp_path, amqp_uri.replace(f":{SHARED_PORT}/", f":{proxy.port}/"))
        # The second batch and everything after it never reach the broker, while the first
        # one's confirms may still come back: the broker cannot confirm the second.
        _before_send(relay, lambda sends: sends == 2 and proxy.drop_outgoing())
        with pytest.raises(BrokerUnavailable):
            relay.catch_up()
        assert relay.position() in (None, _position_of(store, BATCH - 1))
        proxy.cut()
        relay.catch_up()
        relay.close()
    assert relay.position() == str(store.head())
    got = [m.properties.message_id for m in read_queue(amqp_uri, "seen", _count(amqp_uri))]
    assert list(dict.fromkeys(got)) == ids, "every event, first deliveries in log order"
    assert {i for i in ids if got.count(i) > 1} <= set(ids[:BATCH]), "only the first batch twice"


def test_a_nack_of_the_first_batch_stops_the_second_and_the_checkpoint(
    store: EventStore, tmp_path: Path, amqp_uri: str
) -> None:
    # A full queue that rejects publishes makes the broker nack the first batch's last messages.
    with contextlib.closing(pika.BlockingConnection(pika.URLParameters(amqp_uri))) as conn:
        channel = conn.channel()
        channel.exchange_declare("tests.events", "topic", durable=True)
        args = {"x-max-length": BATCH - 2, "x-overflow": "reject-publish"}
        channel.queue_declare("small", durable=True, arguments=args)
        channel.queue_bind("small", "tests.events", "#")
    _append(store, 3 * BATCH)
    relay = _relay(store, tmp_path, amqp_uri)
    with pytest.raises(BrokerUnavailable, match="nack"):
        relay.catch_up()
    assert relay.position() is None
    relay.close()


def test_a_relay_stopped_with_a_batch_in_flight_checkpoints_it_first(
    store: EventStore, tmp_path: Path, amqp_uri: str
) -> None:
    bind_queue(amqp_uri, "tests.events", "seen")
    ids = _append(store, 2 * BATCH + 5)
    relay = _relay(store, tmp_path, amqp_uri)
    stop = threading.Event()
    # Stopped right after the first batch is sent, before anything confirmed it.
    _after_send(relay, lambda sends: sends == 1 and stop.set())
    relay.run(stop)
    assert relay.position() == _position_of(store, BATCH - 1)
    relay.close()
    again = _relay(store, tmp_path, amqp_uri)
    assert again.catch_up() == BATCH + 5
    again.close()
    assert _count(amqp_uri) == len(ids), "nothing published twice"
    got = read_queue(amqp_uri, "seen", len(ids))
    assert [m.properties.message_id for m in got] == ids


def test_a_caught_up_relay_sends_the_next_append_before_its_last_batch_is_confirmed(
    store: EventStore, tmp_path: Path, amqp_uri: str
) -> None:
    """0066: an append that comes while the broker confirms a caught-up relay's last batch goes
    out at once; that batch's confirm and checkpoint follow it."""
    bind_queue(amqp_uri, "tests.events", "seen")
    ids = _append(store, 1)
    engine = connect_database(f"sqlite:///{tmp_path}/relay.db")
    relay = Relay(store, engine, amqp_uri, batch_size=BATCH, confirm_timeout=3)  # woken
    calls: list[str] = []
    confirm = relay._publisher.confirm

    def confirming(tag: int) -> None:
        calls.append("confirm")
        confirm(tag)

    relay._publisher.confirm = confirming  # type: ignore[method-assign]
    stop = threading.Event()

    def sent(sends: int) -> None:
        calls.append(f"send {sends}")
        if sends == 1:
            ids.extend(_append(store, 1))  # while the first batch waits for its confirm
        else:
            stop.set()

    _after_send(relay, sent)
    relay.run(stop)
    relay.close()
    assert calls[:3] == ["send 1", "send 2", "confirm"]
    assert relay.position() == str(store.head()), "both batches confirmed and checkpointed"
    got = read_queue(amqp_uri, "seen", len(ids))
    assert [m.properties.message_id for m in got] == ids


def _relay(store: EventStore, tmp_path: Path, uri: str) -> Relay:
    # No analytics stream: one message per event keeps the batches easy to count.
    engine = connect_database(f"sqlite:///{tmp_path}/relay.db")
    return Relay(store, engine, uri, batch_size=BATCH, confirm_timeout=3, wakeups=False)


def _before_send(relay: Relay, act: Callable[[int], object]) -> None:
    _wrap_send(relay, act, lambda _sends: None)


def _after_send(relay: Relay, act: Callable[[int], object]) -> None:
    _wrap_send(relay, lambda _sends: None, act)


def _wrap_send(relay: Relay, before: Callable[[int], object], after: Callable[[int], object]):  # type: ignore[no-untyped-def]
    publisher = relay._publisher  # the seam: where a batch leaves the relay
    send, sends = publisher.send, [0]

    def wrapped(messages):  # type: ignore[no-untyped-def]
        sends[0] += 1
        before(sends[0])
        tag = send(messages)
        after(sends[0])
        return tag

    publisher.send = wrapped  # type: ignore[method-assign]


def _append(store: EventStore, count: int) -> list[str]:
    ids = []
    for i in range(count):
        event = NewEvent(type="tests.ThingHappened", data={"n": i})
        store.append(f"tests.thing-{uuid.uuid4()}", [event], NO_STREAM)
        ids.append(str(event.event_id))
    return ids


def _position_of(store: EventStore, index: int) -> str:
    return str(list(store.read_all(limit=None))[index].position)


def _count(uri: str) -> int:
    """Messages in the queue: every confirmed message is in it by now (the broker confirms a
    persistent message once the durable queue holds it)."""
    with contextlib.closing(pika.BlockingConnection(pika.URLParameters(uri))) as conn:
        return conn.channel().queue_declare("seen", passive=True).method.message_count
