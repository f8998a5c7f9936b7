"""What must hold after any fault of the cluster: no write refused, every write answered success
is in the log exactly once, each read model equals a fresh rebuild (`quartier replay --into` then
`quartier diff`; where they differ is printed, never a value), no e-mail went twice, analysts'
stream holds every event of the log in order; and the HAProxy state of a gateway, from its
stats page."""

from __future__ import annotations

import csv
import functools
import io
import subprocess
import sys
import time
from collections import Counter

import requests

from deploy.cluster.topology import ROOT, Topology
from tests.support import eventually
from tests.support.cluster import Load
from tests.support.rabbit_node import read_queue

REBUILT = (("listings", "listings.read_model"), ("identity", "identity.read_model"))


def check_end_conditions(cluster: Topology, load: Load) -> str:
    """Stop the load and check; a line saying what the load did."""
    load.stop()
    listings, sign_ups = load.acknowledged("listing"), load.acknowledged("sign_up")
    assert listings and sign_ups, "the load wrote nothing"
    refused = sorted({o.refused for o in load.outcomes if o.refused})
    assert not refused, f"writes refused: {refused}"
    events = load.platform.events()
    published = Counter(e.stream for e in events if e.type == "listings.ListingPublished")
    registered = Counter(e.stream for e in events if e.type == "identity.ResidentRegistered")
    for outcome in listings:
        assert published[f"listings.listing-{outcome.ident}"] == 1, "a listing not once"
    for outcome in sign_ups:
        assert registered[f"identity.resident-{outcome.ident}"] == 1, "a sign-up not once"
    tried = len([o for o in load.outcomes if o.kind == "listing"])
    assert sum(published.values()) <= tried, "more listings than writes tried"

    for service, read_model in REBUILT:
        eventually(
            functools.partial(rebuilt_alike, cluster, service, read_model),
            timeout=120,
            interval=1,
            what=f"{read_model} equal to a fresh rebuild",
        )

    received = cluster.data_dir / "outbox" / "mail" / "received.log"
    # Every acknowledged sign-up's account e-mail arrived (the later marker), and none twice.
    eventually(
        lambda: received.exists() and len(received.read_text().split()) >= len(sign_ups),
        timeout=90,
        what="an account e-mail per sign-up",
    )
    arrivals = Counter(received.read_text().split())
    assert max(arrivals.values()) == 1, "an e-mail was sent twice"
    check_analytics_stream(cluster, [str(e.event_id) for e in events])
    return f"{len(listings)} listings and {len(sign_ups)} sign-ups acknowledged"


def check_analytics_stream(cluster: Topology, logged: list[str]) -> None:
    """Analysts' stream, relayed apart, begins with every event of the log (`logged`, read
    before) in the log's order. A copy may come twice (a relay that lost its lease mid-batch,
    0047): each counts where it first came."""

    def first_seen() -> list[str]:
        stream = read_queue(
            cluster.nodes[0].uri,
            "quartier.analytics",
            until=10**9,
            timeout=5,
            arguments={"x-stream-offset": "first"},
        )
        return list(dict.fromkeys(m.properties.message_id for m in stream))

    eventually(
        lambda: first_seen()[: len(logged)] == logged,
        timeout=90,
        interval=1,
        what="every event of the log on the analytics stream, in the log's order",
    )


def rebuilt_alike(cluster: Topology, service: str, read_model: str) -> bool:
    build = f"check{int(time.monotonic() * 1000) % 10**9}"
    ops = [sys.executable, "-m", "services.ops.cli"]
    env = cluster.environment()
    replay = [*ops, "replay", service, read_model, "--actor", "cluster-test", "--into", build]
    done = subprocess.run(replay, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"replay of {read_model} failed ({done.returncode})"
    live, fresh = f"{service}/{read_model}", f"{service}/{read_model}@{build}"
    # Not --json: the rows of a difference may hold numbers json.dumps refuses (Decimal).
    diff = [*ops, "diff", live, fresh]
    done = subprocess.run(diff, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    said = (done.stderr.strip().splitlines() or [""])[-1][:200]
    assert done.returncode in (0, 3), f"diff of {read_model} failed ({done.returncode}): {said}"
    if done.returncode == 3:
        where = [sys.executable, "-m", "tests.support.read_model_difference", service, read_model]
        done = subprocess.run(
            [*where, build], env=env, cwd=ROOT, capture_output=True, text=True, check=False
        )
        for line in done.stdout.splitlines() or [f"(not described: exit {done.returncode})"]:
            print(f"{read_model} differs from a rebuild: {line}", flush=True)
        return False
    return True


def proxy_status(cluster: Topology, server: str) -> str:
    """UP, DOWN... as HAProxy's stats say of one gateway."""
    answer = requests.get(f"http://127.0.0.1:{cluster.stats_port}/;csv", timeout=5)
    for row in csv.DictReader(io.StringIO(answer.text.lstrip("# "))):
        if row["pxname"] == "gateways" and row["svname"] == server:
            return str(row["status"]).split()[0]
    return "absent"
