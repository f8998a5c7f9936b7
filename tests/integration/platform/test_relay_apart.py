"""The analytics stream relayed apart (QUARTIER_RELAY_ANALYTICS=apart, docs/decisions/0064): the
services' events relay and the analytics relay, each with its own checkpoint, as the composition
root builds them, against a real RabbitMQ in a vhost of the test's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.eventstore import connect
from services.relay import Relay
from services.relay.settings import build, load_relay
from services.subscriptions.database import connect_database
from tests.integration.platform.test_relay import append_things, publish_all
from tests.support.rabbit_node import bind_queue, read_queue

pytestmark = pytest.mark.rabbitmq


def environ(tmp_path: Path, amqp_uri: str, analytics: str) -> dict[str, str]:
    return {
        "QUARTIER_DATA_DIR": str(tmp_path),
        "QUARTIER_EVENT_STORE": f"sqlite:///{tmp_path}/events.db",
        "QUARTIER_AMQP_URI": amqp_uri,
        "QUARTIER_RELAY_DB": f"sqlite:///{tmp_path}/relay.db",
        "QUARTIER_PSEUDONYM_KEY": "ab" * 32,
        "QUARTIER_RELAY_WAKEUPS": "off",
        "QUARTIER_RELAY_ANALYTICS": analytics,
    }


@pytest.mark.parametrize("first", ["events", "analytics"])
def test_relays_apart_take_the_stream_over_where_one_relay_left_it(
    tmp_path: Path, amqp_uri: str, first: str
) -> None:
    store = connect(f"sqlite:///{tmp_path}/events.db")
    bind_queue(amqp_uri, "tests.events", "seen")
    ids = append_things(store, 10)
    together = build(load_relay(environ(tmp_path, amqp_uri, "together")))
    assert publish_all(together) == 10
    together.close()

    ids += append_things(store, 5, start=10)
    apart = load_relay(environ(tmp_path, amqp_uri, "apart"))
    relays: dict[str, Relay] = {}
    try:
        if first == "analytics":
            relays["analytics"] = build(apart, analytics_only=True)
            # It starts where the relay publishing both stood when they parted: nothing twice.
            assert publish_all(relays["analytics"]) == 5
        relays["events"] = events = build(apart)
        assert publish_all(events) == 5
        # The services' events do not wait for the analytics relay.
        ids += append_things(store, 3, start=15)
        assert publish_all(events) == 3
        analytics = relays.setdefault("analytics", build(apart, analytics_only=True))
        assert analytics.name == "relay.analytics" and events.name == "relay"
        assert publish_all(analytics) == (3 if first == "analytics" else 8)
        assert analytics.position() == events.position() == str(store.head())
        # A later event, published by the events relay alone, marks the end of what it sent.
        ids += append_things(store, 1, start=18)
        assert publish_all(events) == 1
        assert publish_all(analytics) == 1
    finally:
        for relay in relays.values():
            relay.close()
        store.close()
    seen = read_queue(amqp_uri, "seen", until=len(ids))
    assert [m.properties.message_id for m in seen] == ids
    stream = read_queue(
        amqp_uri, "quartier.analytics", len(ids), arguments={"x-stream-offset": "first"}
    )
    assert [m.properties.message_id for m in stream] == ids


def test_a_relay_must_publish_something(tmp_path: Path) -> None:
    store = connect(f"sqlite:///{tmp_path}/events.db")
    engine = connect_database(f"sqlite:///{tmp_path}/relay.db")
    try:
        with pytest.raises(ValueError, match="publishes"):
            Relay(store, engine, "amqp://guest:guest@localhost/", events=False)
    finally:
        store.close()
        engine.dispose()
    with pytest.raises(ValueError, match="QUARTIER_RELAY_ANALYTICS"):
        load_relay({"QUARTIER_DATA_DIR": str(tmp_path), "QUARTIER_RELAY_ANALYTICS": "sideways"})
    together = load_relay(environ(tmp_path, "amqp://guest:guest@localhost/", "together"))
    with pytest.raises(ValueError, match="apart only"):
        build(together, analytics_only=True)
