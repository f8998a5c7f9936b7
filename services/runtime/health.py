"""Liveness and readiness of a Nameko service: the `health` RPC every service answers the same
way, and the probe command Kubernetes runs in the service's container.

    class ListingsService:
        name = "listings"
        readiness = Readiness()
    DOORS = (..., health)

`health()` answers {status: ready | not_ready, checks: [{name, ok, detail}]} (readiness.py):
the event store and the read-model database reachable, the broker (it carried the call), and
every subscriber of the service not stuck. Any replica of the service may answer it, since
they share one queue; so each process also touches a heartbeat file of its own every few
seconds, which is what liveness reads: a process whose hub no longer runs stops touching it.

    python -m services.runtime.health listings          # readiness: exit 0 ready, 1 not
    python -m services.runtime.health listings --live   # liveness: this process's heartbeat
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import eventlet
import sqlalchemy as sa
from nameko.extensions import DependencyProvider

from services.eventstore import EventStore
from services.subscriptions.columns import aware
from services.subscriptions.database import subscriptions

from .config import from_config
from .doors import Door
from .platform import Platform
from .readiness import Check, Checkpoint, answer, failing, is_ready, stuck_bound, subscriber_check
from .subscriptions import Subscriptions

BEAT_SECONDS = 5.0
# A heartbeat older than this means the process no longer runs its green threads.
LIVE_SECONDS = 30.0
HEALTH_DIR = "QUARTIER_HEALTH_DIR"
DEFAULT_CONFIG = "deploy/local/config.yml"


def heartbeat_file(config: Mapping[str, Any], service: str) -> Path:
    """Where a service's process keeps its heartbeat: QUARTIER_HEALTH_DIR (a directory of the
    pod's own in Kubernetes), else `<data dir>/health`."""
    folder = str(config.get(HEALTH_DIR) or "").strip()
    return Path(folder or from_config(config).data_dir / "health") / f"{service}.alive"


class Readiness(DependencyProvider):
    """The checks behind `health()`, and the process's heartbeat. `read_models=False` for a
    service without a read-model database of its own (the relay)."""

    platform = Platform()

    def __init__(self, read_models: bool = True) -> None:
        super().__init__()
        self.read_models = read_models
        self._running = False

    def setup(self) -> None:
        self.bound = stuck_bound(self.container.config)
        self.beat = heartbeat_file(self.container.config, self.platform.service_name)
        self.beat.parent.mkdir(parents=True, exist_ok=True)
        # A heartbeat left by this container's previous run must not vouch for this one.
        self.beat.unlink(missing_ok=True)

    def start(self) -> None:
        self._running = True
        self.container.spawn_managed_thread(self._beat, identifier="health.heartbeat")

    def stop(self) -> None:
        self._running = False
        self.beat.unlink(missing_ok=True)

    def kill(self) -> None:
        self.stop()

    def get_dependency(self, worker_ctx: Any) -> Readiness:
        return self

    def report(self) -> dict[str, Any]:
        return answer(self.checks())

    def checks(self) -> Iterator[Check]:
        yield Check("broker", True, "carried this call")
        try:
            store: EventStore | None = self.platform.store()
            assert store is not None
            store.head()
            yield Check("event_store", True, "reachable")
        except Exception as exc:  # any failure of the store is the answer itself
            store = None
            yield Check("event_store", False, f"unreachable ({type(exc).__name__})")
        if not self.read_models:
            return
        try:
            rows = self._checkpoints()
            yield Check("read_models", True, "reachable")
        except Exception as exc:  # idem: the database or its driver
            yield Check("read_models", False, f"unreachable ({type(exc).__name__})")
            return
        if store is not None:
            yield from self._subscribers(store, rows)

    def _runners(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for provider in self.container.dependencies:
            if isinstance(provider, Subscriptions):
                found.update(provider.runners)
        return found

    def _checkpoints(self) -> list[tuple[Checkpoint, str | None]]:
        names = list(self._runners())
        query = sa.select(subscriptions).where(subscriptions.c.status.in_(("active", "building")))
        with self.platform.engine().connect() as conn:
            rows = conn.execute(query.where(subscriptions.c.name.in_(names))).all()
        return [
            (
                Checkpoint(
                    r.name,
                    r.generation,
                    r.status,
                    r.stuck_event_id,
                    r.attempts or 0,
                    aware(r.updated_at),
                ),
                r.position,
            )
            for r in rows
        ]

    def _subscribers(
        self, store: EventStore, rows: list[tuple[Checkpoint, str | None]]
    ) -> Iterator[Check]:
        runners = self._runners()
        now = datetime.now(UTC)
        for row, position in rows:
            subscriber = runners[row.name].subscriber
            after = None if position is None else store.position_from_string(position)
            pending = next(
                iter(
                    store.read_all(
                        after=after,
                        limit=1,
                        categories=subscriber.categories,
                        types=subscriber.types,
                    )
                ),
                None,
            )
            since = None if pending is None else aware(pending.recorded_at)
            yield subscriber_check(row, since, now, self.bound)

    def _beat(self) -> None:
        while self._running:
            with contextlib.suppress(OSError):  # a full or vanished disk: liveness then says so
                self.beat.touch()
            eventlet.sleep(BEAT_SECONDS)


# Through a Door, so that `health` is declared with the same rpc every other door uses.
DOOR = Door("health", lambda exc: None, failed="the health check failed")


@DOOR.rpc
def health(service: Any) -> dict[str, Any]:
    """Readiness of this service: {status, checks: [{name, ok, detail}]}, nothing personal."""
    readiness: Readiness = service.readiness
    return readiness.report()


def probe(service: str, config: dict[str, Any], live: bool, timeout: float) -> tuple[bool, str]:
    """(ok, one line saying why) for the probe command."""
    beat = heartbeat_file(config, service)
    try:
        age = time.time() - beat.stat().st_mtime
    except OSError:
        return False, f"{service}: no heartbeat at {beat} (is the service running?)"
    if age > LIVE_SECONDS:
        return False, f"{service}: heartbeat {age:.0f} s old: the process has stalled"
    if live:
        return True, f"{service}: alive"
    from nameko.standalone.rpc import ClusterRpcProxy

    try:
        with ClusterRpcProxy(config, timeout=timeout) as proxy:
            reply = getattr(proxy, service).health()
    except Exception as exc:  # no broker, no answer in time, unknown service: not ready
        return False, f"{service}: health call failed ({type(exc).__name__})"
    if is_ready(reply):
        return True, f"{service}: ready"
    return False, f"{service}: not ready: {', '.join(failing(reply))}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m services.runtime.health",
        description="Probe a service: exit 0 when it is ready (or alive, with --live), else 1.",
    )
    parser.add_argument("service", help="the service's name, e.g. listings")
    parser.add_argument("--live", action="store_true", help="liveness only: the heartbeat")
    parser.add_argument("--config", default=os.environ.get("QUARTIER_CONFIG", DEFAULT_CONFIG))
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds to wait for health()")
    args = parser.parse_args(argv)
    from .config import load_file

    ok, line = probe(args.service, load_file(args.config), args.live, args.timeout)
    print(line, file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
