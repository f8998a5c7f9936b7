"""The relay as a Nameko service: `nameko run --config config.yml services.relay.service`.

The relay loop runs in a managed green thread of the container. pika's I/O loop then uses
eventlet's green select() (monkey patching removes epoll and poll), so waiting for the broker
yields to the other green threads. Measured against running the loop on an OS thread
(eventlet.tpool): the green thread relays faster (~2,200 vs ~1,700 events/s with analytics),
stops cleanly with the container, but holds the hub for the CPU part of a batch (reading,
encoding, framing: ~0.2 s for 500 events). This service hosts nothing latency-sensitive; lower
QUARTIER_RELAY_BATCH_SIZE if it ever does.

Config keys (the Nameko config dict, `${ENV:default}` allowed in the YAML): AMQP_URI (or
QUARTIER_AMQP_URI), QUARTIER_DATA_DIR, QUARTIER_EVENT_STORE, QUARTIER_KEYRING, QUARTIER_RELAY_DB,
QUARTIER_ANALYTICS_MAX_AGE, QUARTIER_ANALYTICS_MAX_BYTES, QUARTIER_PSEUDONYM_KEY,
QUARTIER_RELAY_WAKEUPS, QUARTIER_RELAY_POLL_INTERVAL, QUARTIER_RELAY_BATCH_SIZE,
QUARTIER_RELAY_ANALYTICS.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from eventlet.event import Event
from nameko.extensions import DependencyProvider

from services.runtime.health import Readiness, health
from services.runtime.rpc import rpc
from services.runtime.tunables import whole

from .relay import Relay
from .settings import build, load_relay


class RelayRunner(DependencyProvider):
    """Builds the relay from the container's config, runs it while the container runs."""

    relay: Relay | None = None

    def __init__(self, analytics_only: bool = False) -> None:
        self._analytics_only = analytics_only

    def setup(self) -> None:
        config = self.container.config
        batch = whole(config, "QUARTIER_RELAY_BATCH_SIZE", 500)
        settings = load_relay(relay_environ(config))
        self.relay = build(settings, analytics_only=self._analytics_only, batch_size=batch)
        self._poll = settings.poll_interval
        self._stop = Event()
        self._thread: Any = None

    def start(self) -> None:
        self._thread = self.container.spawn_managed_thread(self._run, identifier="relay")

    def stop(self) -> None:
        if not self._stop.ready():
            self._stop.send(True)
        if self._thread is not None:
            self._thread.wait()  # the loop ends after its current batch is confirmed
        if self.relay is not None:
            self.relay.close()

    def kill(self) -> None:
        if self._thread is not None:
            self._thread.kill()
        if self.relay is not None:
            self.relay.close()

    def get_dependency(self, worker_ctx: Any) -> Relay | None:
        return self.relay

    def _run(self) -> None:
        assert self.relay is not None
        self.relay.run(self._stop, poll_interval=self._poll)


def relay_environ(config: Mapping[str, Any]) -> dict[str, str]:
    """The Nameko config as the environment-style mapping load_relay() reads."""
    env = {k: str(v) for k, v in config.items() if isinstance(v, str | int | float)}
    if "QUARTIER_AMQP_URI" not in env and config.get("AMQP_URI"):
        env["QUARTIER_AMQP_URI"] = str(config["AMQP_URI"])
    return env


class RelayService:
    """Runs the relay; `status` tells where it is."""

    name = "relay"
    relay = RelayRunner()
    readiness = Readiness(read_models=False)
    health = health

    @rpc
    def status(self) -> dict[str, Any]:
        relay: Relay = self.relay
        return {"name": relay.name, "position": relay.position(), "broker": relay.broker}
