"""What runs where: every name, port, directory and URL of one cluster, derived from a state
directory, a base port and a PostgreSQL database. Nothing here starts anything.

    QUARTIER_CLUSTER_DIR        var/cluster     pids, logs, the nodes' data, the shared data dir
    QUARTIER_CLUSTER_PORT_BASE  26000           RabbitMQ AMQP base+672.., Erlang distribution
                                                base+100.., HAProxy base+800, gateways base+801..,
                                                the mail sink base+25, HAProxy's stats base+899
    QUARTIER_CLUSTER_POSTGRES   (empty)         an existing PostgreSQL database to use; empty:
                                                the cluster's own server (port base+432, data
                                                in <state>/postgres), database `quartier`
    QUARTIER_CLUSTER_SCHEMA     cluster         prefix of every schema (events, keyring, relay,
                                                read models) in that database
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from services.runtime.run import present

ROOT = Path(__file__).resolve().parents[2]
NODES = 3
REPLICAS = ("a", "b")
# What `make run` runs, each scaled out to two replicas here, with the analytics stream relayed
# apart from the services' events as in production (deploy/kubernetes, docs/decisions/0064).
SERVICES = {**present(), "relay_analytics": "services.relay.analytics_service"}
# What HAProxy asks each gateway: its own readiness (store, database, subscribers, and whether
# it hears answers through the broker), not the services behind it, so that one service down
# does not take every gateway out while a gateway that hears nothing is (docs/decisions/0054).
HEALTH_PATH = "/readyz?scope=gateway"


@dataclass(frozen=True)
class Node:
    index: int
    name: str
    amqp_port: int
    dist_port: int
    dir: Path

    @property
    def uri(self) -> str:
        return f"amqp://guest:guest@localhost:{self.amqp_port}/"


@dataclass(frozen=True)
class Replica:
    service: str
    replica: str
    module: str
    http_port: int | None = None  # gateways only

    @property
    def name(self) -> str:
        return f"{self.service}-{self.replica}"


@dataclass(frozen=True)
class Topology:
    state: Path
    port_base: int
    postgres: str  # empty: the cluster's own server (deploy/cluster/postgres.py)
    schema: str
    extra_env: Mapping[str, str] = field(default_factory=dict)
    node_prefix: str = "quartier"  # node names <prefix>-1@localhost...: unique per cluster

    @property
    def nodes(self) -> list[Node]:
        return [
            Node(
                i,
                f"{self.node_prefix}-{i}@localhost",
                self.port_base + 671 + i,
                self.port_base + 99 + i,
                self.state / "rabbit" / str(i),
            )
            for i in range(1, NODES + 1)
        ]

    @property
    def amqp_uri(self) -> str:
        """Every node, kombu's failover form: a client whose node dies moves to the next."""
        return ";".join(node.uri for node in self.nodes)

    @property
    def own_postgres(self) -> bool:
        return not self.postgres

    @property
    def pg_port(self) -> int:
        return self.port_base + 432

    @property
    def pg_dir(self) -> Path:
        return self.state / "postgres"

    @property
    def database(self) -> str:
        """The URL of the database holding every schema of the cluster."""
        return self.postgres or f"postgresql://postgres@127.0.0.1:{self.pg_port}/quartier"

    @property
    def proxy_port(self) -> int:
        return self.port_base + 800

    @property
    def stats_port(self) -> int:
        return self.port_base + 899

    @property
    def smtp_port(self) -> int:
        return self.port_base + 25

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.proxy_port}"

    @property
    def data_dir(self) -> Path:
        return self.state / "var"

    @property
    def logs(self) -> Path:
        return self.state / "logs"

    @property
    def pids(self) -> Path:
        return self.state / "pids"

    @property
    def replicas(self) -> list[Replica]:
        found = []
        gateway = 0
        for service, module in SERVICES.items():
            for replica in REPLICAS:
                port = None
                if service == "gateway":
                    gateway += 1
                    port = self.port_base + 800 + gateway
                found.append(Replica(service, replica, module, port))
        return found

    def url(self, part: str) -> str:
        """The URL of one schema (`events`, `keyring`, `relay`, `read`) of the database."""
        return f"{self.database}?schema={self.schema}_{part}"

    def environment(self, replica: Replica | None = None) -> dict[str, str]:
        """A replica's environment: this process's without its QUARTIER_* values (the caller's
        own settings come through `extra_env`, see `settings_of`), then the topology's."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("QUARTIER_")}
        env.update(
            QUARTIER_DATA_DIR=str(self.data_dir),
            QUARTIER_EVENT_STORE=self.url("events"),
            QUARTIER_KEYRING=self.url("keyring"),
            QUARTIER_READ_MODELS=self.url("read"),
            QUARTIER_RELAY_DB=self.url("relay"),
            QUARTIER_RELAY_ANALYTICS="apart",
            QUARTIER_AMQP_URI=self.amqp_uri,
            QUARTIER_RPC_QUEUE_TYPE="quorum",
            QUARTIER_PSEUDONYM_KEY=self.pseudonym_key(),
            QUARTIER_SMTP_HOST="127.0.0.1",
            QUARTIER_SMTP_PORT=str(self.smtp_port),
            QUARTIER_PUBLIC_URL=self.base_url,
            QUARTIER_TRUSTED_PROXIES="127.0.0.1",
            PYTHONPATH=str(ROOT),
        )
        if replica is not None and replica.http_port is not None:
            env["QUARTIER_HTTP_ADDRESS"] = f"127.0.0.1:{replica.http_port}"
        env.update(self.extra_env)
        return env

    def pseudonym_key(self) -> str:
        """One key for both relays: analysts' pseudonyms must not depend on the replica."""
        return self.secret("pseudonym.key", os.urandom(32).hex)

    def secret(self, name: str, make: Callable[[], str]) -> str:
        """A secret of the cluster, made once into a file of the state directory (0600)."""
        path = self.state / name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(make())
            path.chmod(0o600)
        return path.read_text().strip()


def from_environment(environ: Mapping[str, str] | None = None) -> Topology:
    env = os.environ if environ is None else environ
    schema = env.get("QUARTIER_CLUSTER_SCHEMA", "cluster")
    if not re.fullmatch(r"[a-z][a-z0-9_]{0,40}", schema):
        raise ValueError("QUARTIER_CLUSTER_SCHEMA is 1 to 41 lower-case letters, digits or '_'")
    return Topology(
        state=Path(env.get("QUARTIER_CLUSTER_DIR", str(ROOT / "var" / "cluster"))).resolve(),
        port_base=int(env.get("QUARTIER_CLUSTER_PORT_BASE", "26000")),
        postgres=env.get("QUARTIER_CLUSTER_POSTGRES", ""),
        schema=schema,
        extra_env=settings_of(env),
    )


# The variables `Topology.environment` sets for the replicas (a unit test holds the two alike).
TOPOLOGY_SETS = frozenset(
    {
        "QUARTIER_DATA_DIR",
        "QUARTIER_EVENT_STORE",
        "QUARTIER_KEYRING",
        "QUARTIER_READ_MODELS",
        "QUARTIER_RELAY_DB",
        "QUARTIER_RELAY_ANALYTICS",
        "QUARTIER_AMQP_URI",
        "QUARTIER_RPC_QUEUE_TYPE",
        "QUARTIER_PSEUDONYM_KEY",
        "QUARTIER_SMTP_HOST",
        "QUARTIER_SMTP_PORT",
        "QUARTIER_PUBLIC_URL",
        "QUARTIER_TRUSTED_PROXIES",
        "QUARTIER_HTTP_ADDRESS",
    }
)


def settings_of(env: Mapping[str, str]) -> dict[str, str]:
    """The caller's own QUARTIER_* settings (rate limits, expiries, timeouts...), which reach
    every replica as they reach `make run`'s services. The cluster's own variables stay out, and
    so do those the topology sets for its replicas: a value left from a `make run` shell would
    point the cluster at another store or broker."""
    return {
        k: v
        for k, v in env.items()
        if k.startswith("QUARTIER_")
        and not k.startswith("QUARTIER_CLUSTER_")
        and k not in TOPOLOGY_SETS
    }
