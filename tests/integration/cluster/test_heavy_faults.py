"""The heavier faults of the cluster, run by `make cluster-faults` (not by `make test`: each
takes minutes): the cluster's PostgreSQL crashed (`pg_ctl stop -m immediate`) and started
again, then the broker cut off from everyone for 30 s (iptables DROP on the loopback, the
cluster's AMQP ports only). Each prints how long writes took to come back and the p99 of their
latency before, during and after; the end conditions hold as after the lighter faults.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time

import pytest

from deploy.cluster import postgres
from deploy.cluster.topology import Topology
from tests.support.cluster import Load
from tests.support.cluster_checks import check_end_conditions

pytestmark = [
    pytest.mark.skipif(
        os.environ.get("QUARTIER_CLUSTER_FAULTS") != "1",
        reason="heavy cluster faults: run them with make cluster-faults",
    ),
    pytest.mark.rabbitmq,
    pytest.mark.timeout(1800),
]
CUT_SECONDS = 30.0
WINDOW = 60.0  # seconds of load measured before a fault and after its recovery


def report(text: str) -> None:
    print(f"cluster fault: {text}", flush=True)


def test_postgres_crashed_and_restarted(cluster: Topology, load: Load) -> None:
    load.recovered_after(time.monotonic())
    before = time.monotonic()
    threading.Event().wait(WINDOW / 4)  # a window of steady load to compare with
    crashed = time.monotonic()
    postgres.stop(cluster, "immediate")
    postgres.start(cluster)
    back = time.monotonic()
    recovered = load.recovered_after(crashed)
    report(f"PostgreSQL immediate stop: server back after {back - crashed:.2f} s")
    report(f"PostgreSQL immediate stop: writes clean again {recovered:.2f} s after the crash")
    threading.Event().wait(WINDOW / 4)
    after = time.monotonic()
    report(f"p99 before {load.p99(before, crashed):.2f} s, after {load.p99(crashed, after):.2f} s")


def test_broker_cut_off_for_thirty_seconds(cluster: Topology, load: Load) -> None:
    ports = ",".join(str(node.amqp_port) for node in cluster.nodes)
    rules = [
        ["INPUT", "-i", "lo", "-p", "tcp", "-m", "multiport", "--dports", ports, "-j", "DROP"],
        ["INPUT", "-i", "lo", "-p", "tcp", "-m", "multiport", "--sports", ports, "-j", "DROP"],
    ]
    before = time.monotonic()
    threading.Event().wait(WINDOW / 4)
    cut = time.monotonic()
    try:
        for rule in rules:
            subprocess.run(["iptables", "-I", *rule], check=True)
        threading.Event().wait(CUT_SECONDS)  # the fault's length, not a wait for a result
    finally:
        for rule in rules:
            subprocess.run(["iptables", "-D", *rule], check=False)
    restored = time.monotonic()
    recovered = load.recovered_after(restored)
    report(f"broker cut {CUT_SECONDS:.0f} s: writes clean again {recovered:.2f} s after restoring")
    threading.Event().wait(WINDOW / 4)
    after = time.monotonic()
    report(
        f"p99 before {load.p99(before, cut):.2f} s, during {load.p99(cut, restored):.2f} s, "
        f"after {load.p99(restored + recovered, after):.2f} s"
    )


def test_after_the_heavy_faults_every_write_once_read_models_rebuilt_alike(
    cluster: Topology, load: Load
) -> None:
    report(check_end_conditions(cluster, load))
