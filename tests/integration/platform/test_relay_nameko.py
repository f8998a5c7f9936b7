"""The relay inside `nameko run` (eventlet monkey patching) wakes a Nameko @event_handler."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from nameko.events import event_handler

from tests.support import eventually
from tests.support.platform_procs import ROOT
from tests.support.rabbit_node import rabbitmqctl, read_queue

pytestmark = pytest.mark.rabbitmq
NAMEKO = Path(os.environ.get("VIRTUAL_ENV", ROOT / ".venv")) / "bin" / "nameko"


class Receiver:
    """A service of the test: writes each ThingHappened payload it receives to a file."""

    name = "receiver"

    @event_handler("tests", "ThingHappened")
    def on_thing(self, payload: dict[str, object]) -> None:
        with open(os.environ["RELAY_TEST_RECEIVED"], "a") as f:
            f.write(json.dumps(payload) + "\n")


@pytest.mark.parametrize(
    "relays",
    [
        ["services.relay.service"],
        # The analytics stream relayed apart (0064): both relays run, each its own stream, each
        # module named as its deployment names it.
        ["services.relay.service", "services.relay.analytics_service"],
    ],
    ids=["together", "apart"],
)
def test_a_nameko_event_handler_receives_what_the_relay_service_publishes(
    tmp_path: Path, amqp_uri: str, relays: list[str]
) -> None:
    from services.eventstore import NO_STREAM, NewEvent, connect

    received = tmp_path / "received.jsonl"
    config = tmp_path / "config.yml"
    config.write_text(
        json.dumps(  # JSON is YAML
            {
                "AMQP_URI": amqp_uri,
                "QUARTIER_DATA_DIR": str(tmp_path),
                "QUARTIER_EVENT_STORE": f"sqlite:///{tmp_path}/events.db",
                "QUARTIER_RELAY_POLL_INTERVAL": 0.05,
                "QUARTIER_RELAY_ANALYTICS": "apart" if len(relays) == 2 else "together",
            }
        )
    )
    store = connect(f"sqlite:///{tmp_path}/events.db")
    process = subprocess.Popen(
        [
            str(NAMEKO),
            "run",
            "--config",
            str(config),
            *relays,
            "tests.integration.platform.test_relay_nameko:Receiver",
        ],
        cwd=ROOT,
        env={**os.environ, "RELAY_TEST_RECEIVED": str(received)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        # The handler's queue must exist before anything is published, or the message is
        # dropped (that is what the timer-driven catch-up of subscribers is for).
        _wait_for(lambda: "receiver.on_thing" in _queues(amqp_uri), 60, process)
        events = [
            NewEvent(type="tests.ThingHappened", data={"n": i}, metadata={"actor": "t:1"})
            for i in range(30)
        ]
        for event in events:
            store.append(f"tests.thing-{uuid.uuid4()}", [event], NO_STREAM)
        _wait_for(lambda: _lines(received) >= 30, 30, process)
        payloads = [json.loads(line) for line in received.read_text().splitlines()]
        assert sorted(p["event_id"] for p in payloads) == sorted(str(e.event_id) for e in events)
        assert {p["type"] for p in payloads} == {"tests.ThingHappened"}
        stream = read_queue(
            amqp_uri, "quartier.analytics", 30, arguments={"x-stream-offset": "first"}
        )
        assert [m.properties.message_id for m in stream] == [str(e.event_id) for e in events]
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            output, _ = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        store.close()
    assert process.returncode == 0, output.decode()[-2000:]


def _queues(uri: str) -> str:
    return rabbitmqctl("list_queues", "-p", uri.rsplit("/", 1)[1], "name")


def _lines(path: Path) -> int:
    return len(path.read_text().splitlines()) if path.exists() else 0


def _wait_for(
    condition: Callable[[], object], timeout: float, process: subprocess.Popen[bytes]
) -> None:
    def met() -> object:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            pytest.fail(f"nameko run exited early:\n{output[-3000:]}")
        return condition()

    eventually(met, timeout=timeout, interval=0.2, what="the Nameko receiver")
