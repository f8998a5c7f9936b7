"""End-to-end latency: append -> relay -> RabbitMQ -> subscriber's commit, through real
`make run`-style processes (services.runtime.serve) on a vhost and data directory of their own.

    python bench/latency.py [--rate 200] [--seconds 20]

Same-run baseline: the same subscriber with no relay running, so only its 1 s timer wakes it.
Results are appended to bench/RESULTS.md.
"""

from __future__ import annotations

import warnings

warnings.filterwarnings("ignore", message="(?s).*Eventlet is deprecated")

import argparse  # noqa: E402
import contextlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from pathlib import Path  # noqa: E402

import sqlalchemy as sa  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from services.eventstore import connect  # noqa: E402
from tests.support.platform_procs import environment, served  # noqa: E402
from tests.support.rabbit_node import fresh_vhost  # noqa: E402


def run(label: str, relay: str, rate: float, seconds: float, extra: dict[str, str]) -> dict:  # type: ignore[type-arg]
    """relay: "nameko" (in a `serve` process, as `make run` does), "process" (`python -m
    services.relay`, as a deployment runs it) or "none"."""
    folder = Path(tempfile.mkdtemp())
    data = folder / "var"
    store_url = f"sqlite:///{data}/events.db"
    seen: dict[str, float] = {}
    with contextlib.ExitStack() as running:
        env = environment(data, running.enter_context(fresh_vhost()), **extra)
        connect(store_url).close()
        if relay == "nameko":
            running.enter_context(served(["services.relay.service"], env, folder / "relay.log"))
        elif relay == "process":
            running.enter_context(_relay_process(env, folder / "relay.log"))
        running.enter_context(
            served(["tests.integration.platform.toy_service"], env, folder / "toy.log")
        )
        time.sleep(1.0)
        total = int(rate * seconds)
        writer = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.integration.platform.toy_writer",
                store_url,
                "50",
                str(total),
                str(rate),
            ],
            cwd=ROOT,
            env=env,
        )
        read = sa.create_engine(f"sqlite:///{data}/read-toy.db")
        last = 0
        deadline = time.monotonic() + seconds + 30
        while len(seen) < total and time.monotonic() < deadline:
            with read.connect() as conn:
                rows = conn.execute(
                    sa.text("SELECT rowid, event_id FROM toy_applied_v1 WHERE rowid > :r"),
                    {"r": last},
                ).all()
            now = time.time()
            for rowid, event_id in rows:
                seen[event_id] = now
                last = max(last, rowid)
            time.sleep(0.001)
        writer.wait()
        read.dispose()
    store = connect(store_url)
    latencies = [
        (seen[str(e.event_id)] - e.data["sent"]) * 1000
        for e in store.read_all(limit=None)
        if str(e.event_id) in seen
    ]
    store.close()
    q = statistics.quantiles(latencies, n=100)
    return {
        "label": label,
        "events": len(latencies),
        "median": statistics.median(latencies),
        "p99": q[98],
        "max": max(latencies),
    }


@contextlib.contextmanager
def _relay_process(env: dict[str, str], log: Path) -> Iterator[None]:
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "services.relay"], cwd=ROOT, env=env, stdout=out, stderr=out
        )
    try:
        yield
    finally:
        process.terminate()
        process.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    timing = (args.rate, args.seconds)
    results = [
        run("relay in the services' process (make run), poll 20 ms", "nameko", *timing, {}),
        run("relay as its own process (deployment), poll 20 ms", "process", *timing, {}),
        run(
            "relay in the services' process, poll 200 ms",
            "nameko",
            *timing,
            {"QUARTIER_RELAY_POLL_INTERVAL": "0.2"},
        ),
        run("baseline: no relay, 1 s timer only", "none", *timing, {}),
    ]
    lines = [
        f"\n## Append -> subscriber commit latency ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)\n",
        f"`python bench/latency.py --rate {args.rate:g} --seconds {args.seconds:g}` on "
        f"{platform.node()} ({os.cpu_count()} cores, {platform.platform()}, "
        f"Python {platform.python_version()}); SQLite store and read model, RabbitMQ "
        "on localhost, relay and subscriber as separate `serve` processes, one event per "
        "append, toy handler (2 inserts + 1 update).\n",
        "| setup | events | median ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['label']} | {r['events']} | {r['median']:.1f} | {r['p99']:.1f} | "
            f"{r['max']:.1f} |"
        )
    text = "\n".join(lines) + "\n"
    print(text)
    print(json.dumps(results))
    with open(ROOT / "bench" / "RESULTS.md", "a") as f:
        f.write(text)


if __name__ == "__main__":
    main()
