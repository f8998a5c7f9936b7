"""One cluster (deploy/cluster) for the whole module, with a steady load through HAProxy: a
founder and a neighbour of rue de la Paix post listings, a newcomer signs up now and then."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from deploy.cluster.topology import Topology
from tests.e2e.neighbourhoods.test_api_neighbourhoods import found, join
from tests.support.cluster import ClusterPlatform, Load, running_cluster


@pytest.fixture(scope="module")
def cluster() -> Iterator[Topology]:
    with running_cluster() as topology:
        yield topology


@pytest.fixture(scope="module")
def load(cluster: Topology) -> Iterator[Load]:
    platform = ClusterPlatform(cluster)
    ada, bob = platform.verified(2, "Ada"), platform.verified(12, "Bob")
    nid = found(platform, ada)
    bob.position = ada.position
    join(platform, bob, nid)
    running = Load(platform, [ada, bob], nid)
    running.start()
    try:
        yield running
    finally:
        running.stop()
