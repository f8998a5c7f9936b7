"""`python -m deploy.cluster up|down|status` (`make cluster`, `make cluster-stop`): both idempotent.

`up` starts what does not run yet and waits until every part answers: the 3 RabbitMQ nodes
(joined into one cluster), the database and its schemas, the mail sink, two replicas of every
service, of each relay and of the gateway, and HAProxy in front of the gateways. `down` stops
everything it started, keeping the data (remove the state directory to start afresh).
"""

from __future__ import annotations

import sys
import time
from concurrent.futures import ThreadPoolExecutor

import requests
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from services.runtime.config import safe_url

from . import postgres, processes, rabbit
from .topology import HEALTH_PATH, Topology, from_environment


def up(topology: Topology) -> None:
    topology.state.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    nodes = topology.nodes
    for node in nodes:
        rabbit.start(topology, node)
    if topology.own_postgres:
        postgres.start(topology)
    prepare_database(topology.database)
    with ThreadPoolExecutor(len(nodes)) as pool:
        list(pool.map(lambda n: rabbit.wait_up(topology, n), nodes))
    for node in nodes[1:]:
        rabbit.join(topology, node, nodes[0])
    brokers = time.monotonic()
    processes.start_mail_sink(topology)
    backends = [r for r in topology.replicas if r.http_port is None]
    gateways = [r for r in topology.replicas if r.http_port is not None]
    for group in (backends, gateways):
        for replica in group:
            processes.start_replica(topology, replica)
        for replica in group:
            processes.wait_running(topology, replica.name)
    processes.start_haproxy(topology)
    wait_proxy(topology)
    print(
        f"cluster up in {time.monotonic() - started:.0f} s (brokers {brokers - started:.0f} s): "
        f"{len(nodes)} RabbitMQ nodes "
        f"({', '.join(n.name for n in nodes)}), {len(topology.replicas)} replicas, "
        f"PostgreSQL {safe_url(topology.database)} (schemas {topology.schema}_*); "
        f"open {topology.base_url}/ (HAProxy stats: http://127.0.0.1:{topology.stats_port}/); "
        f"state in {topology.state}",
        flush=True,
    )


def down(topology: Topology) -> None:
    processes.stop(topology, "haproxy")
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda r: processes.stop(topology, r.name), topology.replicas))
    processes.stop(topology, "mail")
    # The last node stopped must be the first started again: all three start together in `up`.
    for node in topology.nodes:
        rabbit.stop(topology, node)
    if topology.own_postgres:
        postgres.stop(topology)
    print(f"cluster stopped (data kept in {topology.state})", flush=True)


def status(topology: Topology) -> int:
    missing = 0
    for node in topology.nodes:
        alive = bool(rabbit.node_pids(node)) and rabbit.listening(node.amqp_port)
        missing += not alive
        print(f"{node.name:24} {'up' if alive else 'down'}  amqp :{node.amqp_port}")
    if topology.own_postgres:
        alive = postgres.running(topology)
        missing += not alive
        print(f"{'postgres':24} {'up' if alive else 'down'}  port :{topology.pg_port}")
    for name in ("mail", *(r.name for r in topology.replicas), "haproxy"):
        pid = processes.pid_of(topology, name)
        missing += pid is None
        print(f"{name:24} {'up' if pid else 'down'}  pid {pid or '-'}")
    return 0 if missing == 0 else 2


def prepare_database(url: str) -> None:
    """Create the cluster's database on the server unless it exists (the schemas are created
    by the store, the keyring and the read models themselves)."""
    target = make_url(url)
    server = target.set(drivername="postgresql+psycopg", database="postgres")
    engine = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            exists = conn.execute(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database}
            ).scalar()
            if not exists:
                conn.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
    except sa.exc.OperationalError:
        raise RuntimeError(
            f"PostgreSQL is unreachable at {target.host}:{target.port or 5432}; "
            "check that it runs (make cluster-status)"
        ) from None
    finally:
        engine.dispose()


def wait_proxy(topology: Topology, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if requests.get(f"{topology.base_url}{HEALTH_PATH}", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"HAProxy did not answer on {topology.base_url}{HEALTH_PATH}")
        time.sleep(0.2)


def main(argv: list[str]) -> int:
    commands = {"up": up, "down": down}
    if len(argv) != 1 or argv[0] not in (*commands, "status"):
        print("usage: python -m deploy.cluster up|down|status", file=sys.stderr)
        return 2
    topology = from_environment()
    if argv[0] == "status":
        return status(topology)
    try:
        commands[argv[0]](topology)
    except (RuntimeError, ValueError) as exc:
        print(f"quartier: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
