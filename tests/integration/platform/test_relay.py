"""The relay against a real RabbitMQ, each test in a vhost of its own."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from contracts import Metadata, default_registry
from contracts.identity.events import ResidentRegistered
from services.eventstore import NO_STREAM, EventStore, NewEvent, connect
from services.eventstore.codec import Codec
from services.eventstore.keyring import MemoryKeyring
from services.relay import AnalyticsStream, BrokerUnavailable, Relay
from services.runtime.keys import pseudonym_key
from services.subscriptions.database import connect_database
from tests.support import free_port
from tests.support.platform_procs import ROOT
from tests.support.rabbit_node import (
    bind_queue,
    rabbitmqctl,
    read_queue,
)

pytestmark = pytest.mark.rabbitmq
KEY = b"p" * 32


@pytest.fixture
def store(event_store_url: str) -> Iterator[EventStore]:
    opened = connect(event_store_url)
    yield opened
    opened.close()


def append_things(store: EventStore, count: int, start: int = 0) -> list[str]:
    ids = []
    for i in range(start, start + count):
        event = NewEvent(
            type="tests.ThingHappened",
            data={"n": i},
            metadata={"correlation_id": f"corr-{i}", "causation_id": f"cause-{i}", "actor": "t:1"},
        )
        store.append(f"tests.thing-{uuid.uuid4()}", [event], NO_STREAM)
        ids.append(str(event.event_id))
    return ids


def make_relay(store: EventStore, tmp_path: Path, uri: str, codec: Codec | None = None) -> Relay:
    engine = connect_database(f"sqlite:///{tmp_path}/relay.db")
    analytics = AnalyticsStream(codec or Codec(default_registry(), MemoryKeyring(), KEY))
    return Relay(store, engine, uri, analytics=analytics, batch_size=7)


def publish_all(relay: Relay) -> int:
    total = 0
    while published := relay.run_once():
        total += published
    return total


def test_each_event_reaches_its_context_exchange_routed_by_name(
    store: EventStore, tmp_path: Path, amqp_uri: str
) -> None:
    bind_queue(amqp_uri, "tests.events", "seen")
    ids = append_things(store, 20)
    relay = make_relay(store, tmp_path, amqp_uri)
    try:
        assert publish_all(relay) == 20
        assert relay.position() == str(store.head())
    finally:
        relay.close()
    got = read_queue(amqp_uri, "seen", until=20)
    assert [m.properties.message_id for m in got] == ids
    recorded = list(store.read_all(limit=None))
    for message, event in zip(got, recorded, strict=True):
        assert message.routing_key == "ThingHappened"
        assert message.properties.content_type == "application/json"
        assert message.properties.delivery_mode == 2
        assert message.properties.correlation_id == event.metadata["correlation_id"]
        assert message.properties.headers["causation_id"] == event.metadata["causation_id"]
        assert message.properties.headers["actor"] == "t:1"
        assert message.body == {
            "event_id": str(event.event_id),
            "stream": event.stream,
            "version": 0,
            "position": str(event.position),
            "type": "tests.ThingHappened",
            "schema_version": 1,
            "data": event.data,
            "metadata": event.metadata,
            "recorded_at": event.recorded_at.isoformat(),
        }
    positions = [store.position_from_string(m.body["position"]) for m in got]
    assert positions == sorted(positions)


def test_an_unreachable_broker_leaves_the_checkpoint_where_it_was(tmp_path: Path) -> None:
    store = connect(f"sqlite:///{tmp_path}/events.db")
    append_things(store, 3)
    relay = make_relay(store, tmp_path, f"amqp://guest:guest@localhost:{free_port()}/")
    with pytest.raises(BrokerUnavailable):
        relay.run_once()
    assert relay.position() is None
    relay.close()


def test_a_batch_the_broker_refuses_does_not_move_the_checkpoint(
    tmp_path: Path, amqp_uri: str
) -> None:
    # A full queue that rejects publishes makes the broker nack: nothing may count as sent.
    import pika

    with pika.BlockingConnection(pika.URLParameters(amqp_uri)) as conn:
        channel = conn.channel()
        channel.exchange_declare("tests.events", "topic", durable=True)
        args = {"x-max-length": 5, "x-overflow": "reject-publish"}
        channel.queue_declare("small", durable=True, arguments=args)
        channel.queue_bind("small", "tests.events", "#")
    store = connect(f"sqlite:///{tmp_path}/events.db")
    append_things(store, 7)
    relay = make_relay(store, tmp_path, amqp_uri)
    with pytest.raises(BrokerUnavailable, match="nack"):
        relay.run_once()
    assert relay.position() is None
    relay.close()


def test_a_relay_whose_checkpoint_another_moved_stands_by_and_leaves_it_alone(
    tmp_path: Path, amqp_uri: str
) -> None:
    # A lease that lapsed mid-batch: another relay published the same events and moved the
    # checkpoint while this one read them. Its compare-and-set fails: it moves nothing.
    store = connect(f"sqlite:///{tmp_path}/events.db")
    append_things(store, 3)
    relay = make_relay(store, tmp_path, amqp_uri)
    assert relay.run_once() == 3
    append_things(store, 2)
    relay._store = _Overtaken(store, relay)  # type: ignore[assignment]
    relay.run_once()
    assert relay.position() == _Overtaken.MOVED_TO
    relay.close()


class _Overtaken:
    """A store whose reader finds its checkpoint moved by another relay right after reading."""

    MOVED_TO = "9" * 12  # beyond anything this log holds

    def __init__(self, store: EventStore, relay: Relay) -> None:
        self._store, self._relay = store, relay

    def read_all(self, **kwargs: Any) -> list[Any]:
        import sqlalchemy as sa

        from services.subscriptions.database import subscriptions

        events = list(self._store.read_all(**kwargs))
        with self._relay._engine.begin() as conn:
            conn.execute(sa.update(subscriptions).values(position=self.MOVED_TO))
        return events

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def test_analysts_read_every_event_pseudonymised_from_first_or_from_a_time(
    tmp_path: Path, amqp_uri: str
) -> None:
    store = connect(f"sqlite:///{tmp_path}/events.db")
    codec = Codec(default_registry(), MemoryKeyring(), KEY)
    email = f"alice.{uuid.uuid4().hex[:8]}@example.org"
    resident = uuid.uuid4()
    registered = ResidentRegistered(resident, email, "Alice Martin", datetime.now(UTC))
    metadata = Metadata.start(f"resident:{resident}")
    store.append(f"identity.resident-{resident}", [codec.encode(registered, metadata)], NO_STREAM)
    append_things(store, 4)
    relay = make_relay(store, tmp_path, amqp_uri, codec)
    assert publish_all(relay) == 5
    time.sleep(1.5)  # stream timestamps have one-second granularity
    since = datetime.now(UTC)
    time.sleep(1.5)
    later = append_things(store, 3, start=100)
    assert publish_all(relay) == 3
    relay.close()

    first = read_queue(amqp_uri, "quartier.analytics", 8, arguments={"x-stream-offset": "first"})
    recorded = list(store.read_all(limit=None))
    assert [m.body["event_id"] for m in first] == [str(e.event_id) for e in recorded]
    assert all(email not in m.raw.decode() and "Alice" not in m.raw.decode() for m in first)
    data = first[0].body["data"]
    assert data["email"].startswith("psn_") and data["resident_id"] == str(resident)
    assert first[0].properties.message_id == str(recorded[0].event_id)
    assert first[0].properties.timestamp is not None
    from_time = read_queue(amqp_uri, "quartier.analytics", 3, arguments={"x-stream-offset": since})
    assert [m.body["event_id"] for m in from_time] == later
    args = rabbitmqctl("list_queues", "-p", _vhost(amqp_uri), "name", "arguments")
    assert "x-max-age" in args and "30D" in args


def test_an_event_without_contract_reaches_analysts_with_sealed_values_hidden(
    tmp_path: Path, amqp_uri: str
) -> None:
    store = connect(f"sqlite:///{tmp_path}/events.db")
    sealed = {"$pii": "bm90IHJlYWxseSBhIHNlY3JldA=="}
    event = NewEvent(type="tests.Mystery", data={"who": sealed, "n": 1, "deep": [{"x": sealed}]})
    store.append(f"tests.thing-{uuid.uuid4()}", [event], NO_STREAM)
    relay = make_relay(store, tmp_path, amqp_uri)
    assert publish_all(relay) == 1
    relay.close()
    (got,) = read_queue(amqp_uri, "quartier.analytics", 1, arguments={"x-stream-offset": "first"})
    assert got.body["data"] == {"who": "[sealed]", "n": 1, "deep": [{"x": "[sealed]"}]}
    assert got.body["unreadable"] == "unknown event type"
    assert "$pii" not in got.raw.decode()


def test_the_entry_point_says_in_one_line_that_rabbitmq_is_unreachable(tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "QUARTIER_DATA_DIR": str(tmp_path),
        "QUARTIER_AMQP_URI": f"amqp://guest:hunter2secret@localhost:{port}/",
    }
    done = subprocess.run(
        [sys.executable, "-m", "services.relay"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if "Eventlet" not in line and line.strip()]
    assert lines == [
        f"RabbitMQ at localhost:{port} is unreachable; start it with: rabbitmq-server -detached"
    ]
    assert "hunter2secret" not in done.stdout + done.stderr


def test_the_pseudonym_key_is_made_once_private_and_reused(tmp_path: Path) -> None:
    key = pseudonym_key(None, tmp_path)
    assert stat.S_IMODE((tmp_path / "pseudonym.key").stat().st_mode) == 0o600
    assert pseudonym_key(None, tmp_path) == key and len(key) == 32
    assert pseudonym_key("ab" * 32, tmp_path) == b"\xab" * 32


def _vhost(uri: str) -> str:
    return uri.rsplit("/", 1)[1]
