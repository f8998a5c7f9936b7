"""End-to-end latency: append -> relay -> RabbitMQ -> subscriber's commit, through real
`make run`-style processes (services.runtime.serve) on a vhost and data directory of their own.

    python bench/latency.py [--rate 200] [--seconds 20] [--rounds 2] [--only sqlite|pg]

Latency runs from the writer's clock just before its append to the event's row in the
subscriber's read model, two ways: committed (an observer woken by each write to the read
model's write-ahead log sees the row: bench/_wal_watch.py) and applied (the time the handler
wrote in the row, inside the subscriber's transaction; its commit, a WAL write without fsync
on SQLite, comes after).

Each event store (SQLite, PostgreSQL) runs with the subscriber woken by the store itself
(QUARTIER_SUBSCRIBER_WAKEUPS=store, an option: 0058), with the subscriber woken by the relay's
message alone and the relay woken by the store, and, as the same-run baseline, with the relay
polling every 20 ms (QUARTIER_RELAY_WAKEUPS=off); the setups alternate round by round, so a
noisy spell hits all of them. Results are appended to bench/RESULTS.md.
"""

from __future__ import annotations

import warnings

warnings.filterwarnings("ignore", message="(?s).*Eventlet is deprecated")

import argparse  # noqa: E402
import contextlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import sqlite3  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _wal_watch import WalWatch  # noqa: E402

from services.eventstore import connect  # noqa: E402
from tests.conftest import drop_schema  # noqa: E402
from tests.support.platform_procs import environment, served  # noqa: E402
from tests.support.rabbit_node import fresh_vhost  # noqa: E402

PG = os.environ.get("QUARTIER_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")


def run(label: str, relay: str, rate: float, seconds: float, extra: dict[str, str]) -> dict:  # type: ignore[type-arg]
    """relay: "nameko" (in a `serve` process, as `make run` does), "process" (`python -m
    services.relay`, as a deployment runs it) or "none"."""
    folder = Path(tempfile.mkdtemp())
    data = folder / "var"
    store_url = extra.get("QUARTIER_EVENT_STORE") or f"sqlite:///{data}/events.db"
    seen: dict[str, float] = {}  # event id -> when the observer saw its row committed
    handled: dict[str, float] = {}  # event id -> when the subscriber's handler wrote its row
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
        # The observer: one connection kept open, woken by each write to the read model's
        # log, so that it sees a row once committed and takes little of the CPU the processes
        # measured share with it.
        read = sqlite3.connect(f"file:{data}/read-toy.db?mode=ro", uri=True, timeout=5)
        watch = WalWatch(data / "read-toy.db")
        last = 0
        deadline = time.monotonic() + seconds + 30
        while len(seen) < total and time.monotonic() < deadline:
            try:
                rows = read.execute(
                    "SELECT rowid, event_id, handled_at FROM toy_applied_v1 WHERE rowid > ?",
                    (last,),
                ).fetchall()
            except sqlite3.OperationalError:  # the read model's tables are not made yet
                rows = []
            now = time.time()
            for rowid, event_id, handled_at in rows:
                seen[event_id] = now
                handled[event_id] = handled_at
                last = max(last, rowid)
            watch.wait(0.005)
        writer.wait()
        watch.close()
        read.close()
    store = connect(store_url)
    sent = {str(e.event_id): e.data["sent"] for e in store.read_all(limit=None)}
    latencies = [(seen[i] - sent[i]) * 1000 for i in sent if i in seen]
    applied = [(handled[i] - sent[i]) * 1000 for i in sent if i in handled]
    store.close()
    if store_url.startswith("postgresql"):
        drop_schema(store_url)
    q = statistics.quantiles(latencies, n=100)
    return {
        "label": label,
        "events": len(latencies),
        "median": statistics.median(latencies),
        "p99": q[98],
        "max": max(latencies),
        "applied_median": statistics.median(applied),
        "applied_p99": statistics.quantiles(applied, n=100)[98],
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


def setups(only: str | None) -> list[tuple[str, str, dict[str, str]]]:
    """(label, relay, environment) of every figure; each PostgreSQL one gets a fresh schema."""
    chosen = []
    for backend in ("sqlite", "pg"):
        if only not in (None, backend):
            continue
        name = "SQLite" if backend == "sqlite" else "PostgreSQL"
        for how, relay_wakeups, subscriber_wakeups in (
            ("subscriber woken by the store", "store", "store"),
            ("subscriber woken by the relay's message, relay woken", "store", "broker"),
            ("relay polling every 20 ms", "off", "broker"),
        ):
            chosen.append(
                (
                    f"{name}, relay process, {how}",
                    "process",
                    backend,
                    relay_wakeups,
                    subscriber_wakeups,
                )
            )
        if backend == "sqlite":
            chosen.append(
                (
                    f"{name}, relay in `serve` (make run), all woken by the store",
                    "nameko",
                    backend,
                    "store",
                    "store",
                )
            )
    return [
        (
            label,
            relay,
            {
                "QUARTIER_RELAY_WAKEUPS": relay_wakeups,
                "QUARTIER_SUBSCRIBER_WAKEUPS": subscriber_wakeups,
                **_store_env(backend),
            },
        )
        for label, relay, backend, relay_wakeups, subscriber_wakeups in chosen
    ]


def _store_env(backend: str) -> dict[str, str]:
    if backend == "sqlite":
        return {}
    return {"QUARTIER_EVENT_STORE": f"{PG}?schema=bench_lat_{os.getpid()}_{time.time_ns()}"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--only", choices=["sqlite", "pg"])
    parser.add_argument("--no-record", action="store_true", help="print, do not append RESULTS")
    args = parser.parse_args()
    timing = (args.rate, args.seconds)
    runs: list[dict] = []  # type: ignore[type-arg]
    for r in range(args.rounds):
        for label, relay, env in setups(args.only):  # fresh PostgreSQL schemas every round
            result = run(label, relay, *timing, env)
            result["round"] = r + 1
            print(json.dumps(result), flush=True)
            runs.append(result)
    results = _merged(runs)
    lines = [
        f"\n## Append -> subscriber commit latency ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)\n",
        f"`python bench/latency.py --rate {args.rate:g} --seconds {args.seconds:g}` on "
        f"{platform.node()} ({os.cpu_count()} cores, {platform.platform()}, "
        f"Python {platform.python_version()}); SQLite read model, RabbitMQ on localhost, "
        "relay and subscriber as separate processes, one event per append, toy handler "
        f"(2 inserts + 1 update); {args.rounds} alternating rounds, each figure the median of "
        "its rounds (per-round medians in brackets); load average at the end "
        f"{os.getloadavg()[0]:.1f}. Committed: seen by an observer woken by each write to the "
        "read model's write-ahead log; applied: the handler's own time stamp, taken in the "
        "subscriber's transaction before its commit.\n",
        "| setup | events | committed median ms | p99 ms | max ms | median vs poll "
        "| p99 vs poll | applied median ms | applied p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        base = _baseline(results, r)
        lines.append(
            f"| {r['label']} | {r['events']} | {r['median']:.1f} ({r['medians']}) | "
            f"{r['p99']:.1f} | {r['max']:.1f} | {r['median'] / base['median']:.2f}x | "
            f"{r['p99'] / base['p99']:.2f}x | {r['applied_median']:.1f} "
            f"({r['applied_medians']}) | {r['applied_p99']:.1f} |"
        )
    text = "\n".join(lines) + "\n"
    print(text)
    print(json.dumps(results))
    if not args.no_record:
        with open(ROOT / "bench" / "RESULTS.md", "a") as f:
            f.write(text)


def _merged(runs: list[dict]) -> list[dict]:  # type: ignore[type-arg]
    merged = []
    for label in dict.fromkeys(r["label"] for r in runs):
        mine = [r for r in runs if r["label"] == label]
        merged.append(
            {
                "label": label,
                "events": sum(r["events"] for r in mine),
                "median": statistics.median(r["median"] for r in mine),
                "medians": ", ".join(f"{r['median']:.1f}" for r in mine),
                "p99": statistics.median(r["p99"] for r in mine),
                "max": max(r["max"] for r in mine),
                "applied_median": statistics.median(r["applied_median"] for r in mine),
                "applied_medians": ", ".join(f"{r['applied_median']:.1f}" for r in mine),
                "applied_p99": statistics.median(r["applied_p99"] for r in mine),
            }
        )
    return merged


def _baseline(results: list[dict], r: dict) -> dict:  # type: ignore[type-arg]
    backend = r["label"].split(",")[0]
    return next(b for b in results if b["label"].startswith(backend) and "polling" in b["label"])


if __name__ == "__main__":
    main()
