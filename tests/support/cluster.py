"""The production-like cluster (deploy/cluster) for fault tests: booted once per module on ports
of the test range, a schema prefix and a state directory of its own; who holds a lease. The
steady load through HAProxy is in cluster_load.py, the end conditions in cluster_checks.py.

Nothing here prints personal data: failures name statuses, counts and ids, never an e-mail.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
import sqlalchemy as sa

from deploy.cluster import processes
from deploy.cluster.__main__ import down, up
from deploy.cluster.topology import Topology
from tests.support.cluster_load import Load as Load  # where the fault tests import it from
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
    /tmp: the rabbitmq user must reach its nodes' directories); stopped and removed after.
    QUARTIER_CLUSTER_KEEP_STATE=1 keeps the state directory (the services' and nodes' logs) of
    a run to read why it failed."""
    require_cluster_tools()
    state = Path(tempfile.mkdtemp(prefix="quartier-cluster-"))
    state.chmod(0o755)
    unique = uuid.uuid4().hex[:10]
    topology = Topology(
        state=state,
        port_base=TEST_PORT_BASE,
        postgres="",  # its own server: 20 replicas would crowd the shared one's connections
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
        if os.environ.get("QUARTIER_CLUSTER_KEEP_STATE") == "1":
            print(f"cluster state kept in {state}", flush=True)
        else:
            shutil.rmtree(state, ignore_errors=True)


class ClusterPlatform(Platform):
    """Platform's helpers (sign up, verify by letter...) through HAProxy, reading the log on
    the cluster's PostgreSQL store."""

    def __init__(self, topology: Topology) -> None:
        super().__init__(topology.base_url, topology.data_dir, topology.amqp_uri, topology.logs)
        self.topology = topology

    @property
    def store_url(self) -> str:
        """The cluster's PostgreSQL store."""
        return self.topology.url("events")


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
