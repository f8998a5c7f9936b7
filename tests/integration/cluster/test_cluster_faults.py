"""The production-like cluster (deploy/cluster) under a steady load through HAProxy, while its
parts crash: RabbitMQ nodes killed -9 and restarted (the last one the leader of a service's
request queue; QUARTIER_CLUSTER_NODE_KILLS times), then one replica of a service, of each relay
and of the gateway killed -9 in turn. Each fault's recovery time is printed. At the end, every
write that was answered success is in the log exactly once, the read models equal a fresh
rebuild, no e-mail went twice, and analysts' stream holds every event.

One cluster boot serves the whole module (tests run in this order and share its load).
"""

from __future__ import annotations

import os
import time

import pytest

from deploy.cluster import processes, rabbit
from deploy.cluster.topology import Topology
from tests.support import eventually
from tests.support.cluster import Load, lease_holder
from tests.support.cluster_checks import check_end_conditions, proxy_status

# The first test also boots the cluster (3 nodes, 20 service replicas) for the whole module.
pytestmark = [
    pytest.mark.skipif(
        os.environ.get("QUARTIER_CLUSTER_FAULTS") != "1",
        reason="cluster faults: run them with make cluster-faults",
    ),
    pytest.mark.rabbitmq,
    pytest.mark.postgres,
    pytest.mark.timeout(900),
]

WATCHED_QUEUE = "rpc-listings"
# The same node killed NODE_KILLS - 1 times, then the node the watched queue's leader is on.
NODE_KILLS = int(os.environ.get("QUARTIER_CLUSTER_NODE_KILLS", "4"))
# (service, schema part, lease) of a replica whose lease must move when it dies.
LEASES = (
    ("listings", "read_listings", "subscription:listings.read_model"),
    ("relay", "relay", "relay:relay"),
    ("relay_analytics", "relay", "relay:relay.analytics"),
    ("notifications", "read_notifications", "dispatcher:notifications.mail"),
)
FIGURES: list[str] = []


def figure(text: str) -> None:
    FIGURES.append(text)
    print(f"cluster: {text}", flush=True)


def test_rabbitmq_nodes_killed_and_restarted_the_load_goes_on(
    cluster: Topology, load: Load
) -> None:
    load.recovered_after(time.monotonic())  # the load runs before the first fault
    by_name = {node.name: node for node in cluster.nodes}
    for round_ in range(NODE_KILLS):
        leader = eventually(
            lambda: rabbit.leader(cluster, WATCHED_QUEUE), what=f"a leader of {WATCHED_QUEUE}"
        )
        last = round_ == NODE_KILLS - 1
        if round_ == 0:
            bystander = next(n for n in cluster.nodes if n.name != leader)
        victim = by_name[leader] if last else bystander
        killed = time.monotonic()
        rabbit.kill(victim)
        if last:
            moved = eventually(
                lambda gone=victim.name: (rabbit.leader(cluster, WATCHED_QUEUE) or gone) != gone,
                timeout=60,
                what=f"a new leader of {WATCHED_QUEUE}",
            )
            assert moved
            figure(f"queue leader elected {time.monotonic() - killed:.2f} s after kill -9")
        recovered = load.recovered_after(killed)
        kind = "leader node" if last else "node"
        figure(f"RabbitMQ {kind} kill -9: writes clean again after {recovered:.2f} s")
        restarted = time.monotonic()
        rabbit.start(cluster, victim)
        rabbit.wait_up(cluster, victim)
        assert victim.name in rabbit.members(cluster, cluster.nodes[0])
        figure(
            f"RabbitMQ node back in the cluster {time.monotonic() - restarted:.2f} s after start"
        )
    after = time.monotonic()
    eventually(lambda: load.acknowledged("listing", since=after), timeout=60, what="a listing")


@pytest.mark.parametrize(("service", "part", "lease"), LEASES, ids=[s for s, _, _ in LEASES])
def test_a_replica_killed_hands_its_lease_to_the_other(
    cluster: Topology, load: Load, service: str, part: str, lease: str
) -> None:
    holder = eventually(lambda: lease_holder(cluster, part, lease), what=f"{lease} held")
    other = f"{service}-b" if holder.endswith("-a") else f"{service}-a"
    killed = time.monotonic()
    processes.kill(cluster, holder)
    eventually(
        lambda: lease_holder(cluster, part, lease) == other,
        timeout=60,
        interval=0.05,
        what=f"{lease} taken over by the other replica",
    )
    figure(f"{service} replica kill -9: lease taken over after {time.monotonic() - killed:.2f} s")
    figure(
        f"{service} replica kill -9: writes clean again after {load.recovered_after(killed):.2f} s"
    )
    replica = next(r for r in cluster.replicas if r.name == holder)
    processes.start_replica(cluster, replica)
    processes.wait_running(cluster, holder)


def test_a_gateway_killed_is_taken_out_by_the_proxy(cluster: Topology, load: Load) -> None:
    killed = time.monotonic()
    processes.kill(cluster, "gateway-a")
    eventually(lambda: proxy_status(cluster, "gateway-a") == "DOWN", timeout=30, what="DOWN")
    figure(
        f"gateway replica kill -9: HAProxy marks it down after {time.monotonic() - killed:.2f} s"
    )
    figure(
        f"gateway replica kill -9: writes clean again after {load.recovered_after(killed):.2f} s"
    )
    replica = next(r for r in cluster.replicas if r.name == "gateway-a")
    processes.start_replica(cluster, replica)
    processes.wait_running(cluster, "gateway-a")
    eventually(lambda: proxy_status(cluster, "gateway-a") == "UP", timeout=30, what="UP again")


def test_every_acknowledged_write_once_read_models_rebuilt_alike_mails_once(
    cluster: Topology, load: Load
) -> None:
    figure(check_end_conditions(cluster, load))
    print("\n".join(f"cluster figure: {line}" for line in FIGURES))
