"""deploy/cluster's plan: every part on its own port of the range, the brokers listed for
failover, HAProxy checking both gateways."""

from __future__ import annotations

from pathlib import Path

from deploy.cluster.processes import haproxy_config
from deploy.cluster.topology import HEALTH_PATH, TOPOLOGY_SETS, from_environment


def test_every_part_of_the_cluster_has_a_port_of_its_own_within_the_range() -> None:
    topology = from_environment({"QUARTIER_CLUSTER_DIR": "/tmp/c"})
    ports = [
        *(n.amqp_port for n in topology.nodes),
        *(n.dist_port for n in topology.nodes),
        *(r.http_port for r in topology.replicas if r.http_port),
        topology.proxy_port,
        topology.stats_port,
        topology.smtp_port,
        topology.pg_port,
    ]
    assert len(ports) == len(set(ports)) == 12
    assert all(26000 <= p <= 26999 for p in ports)
    assert [n.amqp_port for n in topology.nodes] == [26672, 26673, 26674]
    assert topology.amqp_uri.count(";") == 2
    assert topology.state == Path("/tmp/c")


def test_two_replicas_of_every_service_and_the_proxy_checks_both_gateways() -> None:
    topology = from_environment({"QUARTIER_CLUSTER_DIR": "/tmp/c"})
    services = [r.service for r in topology.replicas]
    assert all(services.count(s) == 2 for s in services)
    assert {"relay", "relay_analytics", "gateway", "identity"} <= set(services)
    # The analytics stream relayed apart, as in production (0064).
    assert topology.environment()["QUARTIER_RELAY_ANALYTICS"] == "apart"
    config = haproxy_config(topology)
    assert f"option httpchk GET {HEALTH_PATH}" in config
    assert "server gateway-a 127.0.0.1:26801 check" in config
    assert "server gateway-b 127.0.0.1:26802 check" in config


def test_the_cluster_uses_its_own_postgresql_unless_told_otherwise() -> None:
    own = from_environment({"QUARTIER_CLUSTER_DIR": "/tmp/c"})
    assert own.own_postgres and own.url("events").endswith(":26432/quartier?schema=cluster_events")
    given = from_environment(
        {"QUARTIER_CLUSTER_DIR": "/tmp/c", "QUARTIER_CLUSTER_POSTGRES": "postgresql://db/q"}
    )
    assert not given.own_postgres and given.url("read") == "postgresql://db/q?schema=cluster_read"


def test_the_callers_own_settings_reach_every_replica_but_not_the_topologys() -> None:
    topology = from_environment(
        {
            "QUARTIER_CLUSTER_DIR": "/tmp/c",
            "QUARTIER_RATE_LIMITS": "sign_in=30/600",
            "QUARTIER_RPC_TIMEOUT_SECONDS": "20",
            # Left from a `make run` shell: the cluster keeps its own store and broker.
            "QUARTIER_EVENT_STORE": "sqlite:///elsewhere.db",
            "QUARTIER_AMQP_URI": "amqp://guest:guest@localhost:5672/",
        }
    )
    gateway = next(r for r in topology.replicas if r.http_port)
    env = topology.environment(gateway)
    assert env["QUARTIER_RATE_LIMITS"] == "sign_in=30/600"
    assert env["QUARTIER_RPC_TIMEOUT_SECONDS"] == "20"
    assert env["QUARTIER_EVENT_STORE"] == topology.url("events")
    assert env["QUARTIER_AMQP_URI"] == topology.amqp_uri
    assert "QUARTIER_CLUSTER_DIR" not in env


def test_the_variables_the_topology_keeps_for_itself_are_those_it_sets() -> None:
    topology = from_environment({"QUARTIER_CLUSTER_DIR": "/tmp/c"})
    gateway = next(r for r in topology.replicas if r.http_port)
    set_by_topology = {k for k in topology.environment(gateway) if k.startswith("QUARTIER_")}
    assert set_by_topology == TOPOLOGY_SETS
