"""The production-like cluster (deploy/cluster) for fault tests: booted once per module on ports
of the test range, a schema prefix and a state directory of its own; a steady load of residents
posting listings and signing up through HAProxy; who holds a lease; the end conditions.

Nothing here prints personal data: failures name statuses, counts and ids, never an e-mail.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
import pytest
import requests
import sqlalchemy as sa

from deploy.cluster import processes
from deploy.cluster.__main__ import down, up
from deploy.cluster.topology import Topology
from services.eventstore import connect
from tests.support.platform import GENEROUS_LIMITS, Platform

# deploy/cluster/topology.py's offsets from this base stay inside the range kept for the tests
# (26050..26999), apart from `make cluster`'s own (base 26000).
TEST_PORT_BASE = 26050


def require_cluster_tools() -> None:
    for tool in ("/usr/sbin/rabbitmq-server", "/usr/sbin/haproxy", "/usr/bin/pg_ctlcluster"):
        if not Path(tool).exists():
            problem = f"{tool} is missing: make haproxy; apt-get install rabbitmq-server postgresql"
            if os.environ.get("CI") == "true":
                pytest.fail(problem)
            pytest.skip(problem)


@contextlib.contextmanager
def running_cluster(**env: str) -> Iterator[Topology]:
    """The whole topology up, on a fresh schema prefix, node names and state directory (in
    /tmp: the rabbitmq user must reach its nodes' directories); stopped and removed after."""
    require_cluster_tools()
    state = Path(tempfile.mkdtemp(prefix="quartier-cluster-"))
    state.chmod(0o755)
    unique = uuid.uuid4().hex[:10]
    topology = Topology(
        state=state,
        port_base=TEST_PORT_BASE,
        postgres="",  # its own server: 16 processes would crowd the shared one's connections
        schema=f"t_{unique}",
        node_prefix=f"qtest{unique}",
        extra_env={
            "QUARTIER_RATE_LIMITS": GENEROUS_LIMITS,
            "QUARTIER_LISTINGS_PER_DAY": "100000",
            "QUARTIER_LOG_LEVEL": "WARNING",
            # A sign-up hashes a password: on a loaded machine it can take longer than 5 s.
            "QUARTIER_RPC_TIMEOUT_SECONDS": "20",
            **env,
        },
    )
    try:
        up(topology)
        yield topology
    finally:
        down(topology)
        shutil.rmtree(state, ignore_errors=True)


class ClusterPlatform(Platform):
    """Platform's helpers (sign up, verify by letter...) through HAProxy, reading the log on
    the cluster's PostgreSQL store."""

    def __init__(self, topology: Topology) -> None:
        super().__init__(topology.base_url, topology.data_dir, topology.amqp_uri, topology.logs)
        self.topology = topology

    def events(self, stream: str | None = None) -> list[Any]:
        store = connect(self.topology.url("events"))
        try:
            if stream is not None:
                return list(store.read_stream(stream))
            return list(store.read_all(limit=None))
        finally:
            store.close()


@dataclass
class Outcome:
    kind: str  # "listing" or "sign_up"
    key: str  # the Idempotency-Key of every attempt
    at: float
    ident: str | None = None  # the id answered, once acknowledged
    attempts: int = 0
    done: float = 0.0


@dataclass
class Load:
    """Residents posting listings (and a newcomer signing up now and then) through the proxy,
    each write retried with its Idempotency-Key, as a client does after a lost answer."""

    platform: ClusterPlatform
    posters: list[Any]
    neighbourhood: str
    outcomes: list[Outcome] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=120)

    def acknowledged(self, kind: str, since: float = 0.0) -> list[Outcome]:
        return [o for o in list(self.outcomes) if o.kind == kind and o.ident and o.at >= since]

    def recovered_after(self, moment: float) -> float:
        """Seconds from `moment` to the first write begun after it that was acknowledged at
        its first attempt; waits for one."""
        from tests.support import eventually

        def first() -> float | None:
            done = [o.at for o in list(self.outcomes) if o.at > moment and o.ident]
            clean = [o.at for o in list(self.outcomes) if o.at > moment and o.attempts == 1]
            times = sorted(set(done) & set(clean))
            return times[0] - moment if times else None

        return float(eventually(first, timeout=90, interval=0.05, what="a write after a fault"))

    def _run(self) -> None:
        turn = 0
        while not self._stop.is_set():
            who = self.posters[turn % len(self.posters)]
            if turn % 4 == 3:
                self._write("sign_up", "/residents", None, self._newcomer(), "resident_id")
            else:
                body = {
                    "kind": "offer",
                    "category": "giveaway",
                    "title": f"Objet {turn}",
                    "description": "À donner.",
                    "details": {"allocation": "first_come"},
                }
                path = f"/neighbourhoods/{self.neighbourhood}/listings"
                self._write("listing", path, who, body, "listing_id")
            turn += 1
            self._stop.wait(0.1)  # pacing of the load, not a wait for a result

    def _newcomer(self) -> dict[str, str]:
        return {
            "email": self.platform.new_email("load"),
            "password": "a long enough passphrase for tests",
            "display_name": "Voisin",
        }

    def _write(self, kind: str, path: str, who: Any, body: dict[str, Any], id_key: str) -> None:
        outcome = Outcome(kind, f"load-{uuid.uuid4()}", time.monotonic())
        headers = {"Idempotency-Key": outcome.key, **(who.auth if who else {})}
        while outcome.attempts < 10 and not outcome.ident:
            outcome.attempts += 1
            with contextlib.suppress(requests.RequestException):
                # `after`: the poster's join, which listings must know before a first listing.
                after = {"after": who.position} if who else {}
                answer = self.platform.call(
                    "POST", path, headers=headers, params=after, json=body, timeout=60
                )
                if answer.status_code == 201:
                    outcome.ident = str(answer.json()[id_key])
                    break
                code = answer.json().get("error", {}).get("code") if answer.content else None
                assert answer.status_code >= 500, f"{kind} refused: {answer.status_code} {code}"
            if self._stop.wait(0.5):
                break
        outcome.done = time.monotonic()
        self.outcomes.append(outcome)

    def p99(self, start: float, end: float) -> float:
        """The 99th percentile of the seconds writes begun in [start, end) took, retries
        included."""
        took = sorted(o.done - o.at for o in list(self.outcomes) if start <= o.at < end)
        assert took, "no write in that window"
        return took[min(len(took) - 1, int(len(took) * 0.99))]


def lease_holder(topology: Topology, part: str, lease: str) -> str | None:
    """The replica (e.g. `listings-b`) whose database connection holds `lease` (an advisory
    lock, services/subscriptions/lease.py) in the schema of `part` (`read_listings`, `relay`);
    None while nobody holds it."""
    import hashlib

    schema = f"{topology.schema}_{part}"
    digest = hashlib.blake2b(f"{schema}:{lease}".encode(), digest_size=8).digest()
    key = int.from_bytes(digest, "big", signed=False)
    engine = sa.create_engine(topology.database.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.connect() as conn:
            port = conn.execute(
                sa.text(
                    "SELECT a.client_port FROM pg_locks l JOIN pg_stat_activity a USING (pid) "
                    "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
                    "AND l.classid::bigint::numeric * 4294967296 + l.objid::bigint::numeric = :k"
                ),
                {"k": key},
            ).scalar()
    finally:
        engine.dispose()
    if port is None:
        return None
    for replica in topology.replicas:
        pid = processes.pid_of(topology, replica.name)
        if pid is None:
            continue
        with contextlib.suppress(psutil.Error):
            for conn in psutil.Process(pid).net_connections(kind="tcp"):
                if conn.laddr and conn.laddr.port == port:
                    return replica.name
    return None
