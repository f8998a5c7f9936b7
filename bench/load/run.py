"""The path under load: residents of the demo town using a whole platform through its gateway
(bench/load/locustfile.py, the mix of mix.py), in steps of more and more users, on `make run`'s
platform with SQLite and then with PostgreSQL. Per step: requests/s, p50/p99 per operation and
how long a post takes to show on another member's board; the knee is the last step whose
throughput still grows with its users. Baseline in the same run: the board page read straight
on the listings read model against the same page through the gateway.

    .venv/bin/python bench/load/run.py                        # both backends, recorded
    .venv/bin/python bench/load/run.py --only sqlite --quick  # smoke run, not recorded
    .venv/bin/python bench/load/run.py --host http://proxy:8080 --event-store URL \
        --read-models URL --data-dir DIR                       # a platform running elsewhere
    QUARTIER_RATE_LIMITS=... make cluster && .venv/bin/python bench/load/run.py --cluster

With --host nothing is started: the residents are seeded through that gateway (their letters'
codes are read from --data-dir/outbox/letters, their ids from --event-store) and the baseline
reads --read-models. --cluster takes all four from the running deploy/cluster's topology (the
same QUARTIER_CLUSTER_* settings as `make cluster`); start the cluster with the generous rate
limits a platform started here gets (GENEROUS_LIMITS of tests/support/platform.py), or the
residents' reads are refused once a member's bucket is full.
Results: bench/RESULTS.md and bench/load/latency.png.
"""

from __future__ import annotations

import warnings

warnings.filterwarnings("ignore", message="(?s).*Eventlet is deprecated")

import argparse  # noqa: E402
import contextlib  # noqa: E402
import csv  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path[:0] = [str(ROOT), str(HERE)]

import probe  # noqa: E402
import report  # noqa: E402
from seed import StorePlatform, seed  # noqa: E402

from deploy.cluster.topology import from_environment  # noqa: E402
from services.runtime import config  # noqa: E402
from tests.support.platform import GENEROUS_LIMITS, running_platform  # noqa: E402

DEFAULT_PG = os.environ.get("QUARTIER_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    # 160 residents thinking 1-3 s between requests offer about 75 requests/s at most: the
    # last step offers more than the platform serves on two cores, so that its figure is the
    # platform's most and not the load's.
    p.add_argument("--steps", default="10,20,40,80,160,240", help="users per step")
    p.add_argument("--step-seconds", type=int, default=30, help="measured seconds per step")
    p.add_argument("--residents", type=int, default=12, help="seeded members (2 to 36)")
    p.add_argument("--baseline-reads", type=int, default=300)
    p.add_argument("--only", choices=["sqlite", "pg"], help="one backend only")
    p.add_argument("--pg-url", default=DEFAULT_PG, help="PostgreSQL server (fresh schemas)")
    p.add_argument("--host", help="a running platform's gateway (e.g. the cluster's proxy)")
    p.add_argument("--event-store", help="with --host: its QUARTIER_EVENT_STORE")
    p.add_argument("--read-models", help="with --host: its listings read model's URL")
    p.add_argument("--data-dir", type=Path, help="with --host: its QUARTIER_DATA_DIR")
    p.add_argument(
        "--cluster", action="store_true",
        help="the running deploy/cluster (`make cluster`): --host and the rest from its topology",
    )  # fmt: skip
    p.add_argument(
        "--subscriber-wakeups", choices=["store", "broker"], default="broker",
        help="what wakes the platform's subscribers (QUARTIER_SUBSCRIBER_WAKEUPS)",
    )  # fmt: skip
    p.add_argument("--quick", action="store_true", help="two short steps; not recorded")
    p.add_argument("--no-record", action="store_true", help="do not write bench/RESULTS.md")
    args = p.parse_args(argv)
    if args.quick:
        args.steps, args.step_seconds, args.baseline_reads, args.no_record = "5,20", 15, 50, True
    if args.cluster:
        if args.host:
            p.error("--cluster names its own --host")
        cluster = from_environment()
        args.host, args.data_dir = cluster.base_url, cluster.data_dir
        args.event_store = cluster.url("events")
        settings = config.load({"QUARTIER_READ_MODELS": cluster.url("read")})
        args.read_models = config.read_model_url(settings, "listings")
    if args.host and not (args.event_store and args.read_models and args.data_dir):
        p.error("--host needs --event-store, --read-models and --data-dir")
    return args


@contextlib.contextmanager
def platform_on(backend: str, args: argparse.Namespace, folder: Path) -> Iterator[tuple[Any, str]]:
    """A platform and its listings read model's URL: started here, or the one --host names."""
    if args.host:
        found = StorePlatform(args.host.rstrip("/"), args.data_dir, "", folder)
        found.store_url = args.event_store
        yield found, args.read_models
        return
    env = {
        "QUARTIER_RATE_LIMITS": GENEROUS_LIMITS,
        "QUARTIER_LISTINGS_PER_DAY": "1000000",
        "QUARTIER_SUBSCRIBER_WAKEUPS": args.subscriber_wakeups,
    }
    schema = f"load_{uuid.uuid4().hex[:10]}"
    if backend == "PostgreSQL":
        env["QUARTIER_EVENT_STORE"] = f"{args.pg_url}?schema={schema}"
        env["QUARTIER_READ_MODELS"] = f"{args.pg_url}?schema={schema}"
    try:
        with running_platform(folder / backend, env) as running:
            running = StorePlatform(
                running.base_url,
                running.data_dir,
                running.amqp_uri,
                running.log_dir,
                running.processes,
            )
            settings = config.load({**env, "QUARTIER_DATA_DIR": str(running.data_dir)})
            running.store_url = settings.event_store or f"sqlite:///{running.data_dir}/events.db"
            yield running, config.read_model_url(settings, "listings")
    finally:
        if backend == "PostgreSQL":
            report.drop_schemas(args.pg_url, schema)


def run_step(base_url: str, seeded: Path, users: int, seconds: int, folder: Path) -> dict[str, Any]:
    prefix = folder / f"step-{users}"
    command = [
        sys.executable, "-m", "locust", "-f", str(HERE / "locustfile.py"), "--headless",
        "-u", str(users), "-r", str(max(1, users // 5)), "--run-time", f"{seconds + 5}s",
        "--reset-stats", "--host", base_url, "--csv", str(prefix), "--only-summary",
        "--loglevel", "ERROR", "--stop-timeout", "5",
    ]  # fmt: skip
    env = {**os.environ, "QUARTIER_LOAD_RESIDENTS": str(seeded), "PYTHONPATH": str(ROOT)}
    subprocess.run(command, env=env, cwd=ROOT, check=False, capture_output=True)
    stats = read_stats(Path(f"{prefix}_stats.csv"))
    stats["all"]["failed"] = read_failures(Path(f"{prefix}_failures.csv"))
    return stats


def read_stats(path: Path) -> dict[str, Any]:
    """Per operation (and "all"): requests, failures, p50, p99 (ms) and requests/s."""
    if not path.exists():
        raise SystemExit(f"locust wrote no statistics ({path.name})")
    stats = {}
    with path.open() as f:
        for row in csv.DictReader(f):
            name = "all" if row["Name"] == "Aggregated" else row["Name"]
            stats[name] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50": _number(row["50%"]),
                "p99": _number(row["99%"]),
                "rps": float(row["Requests/s"]),
            }
    return stats


def read_failures(path: Path) -> dict[str, int]:
    """Failed requests by operation and cause ("post: status 503 unavailable"), as locust
    counted them; a request's own data is never in a cause."""
    if not path.exists():
        return {}
    with path.open() as f:
        return {
            f"{row['Name']}: {_cause(row['Error'])}": int(row["Occurrences"])
            for row in csv.DictReader(f)
        }


def _cause(error: str) -> str:
    """Locust writes a refused answer's failure as `CatchResponseError('status 503 ...')`, any
    other error (a dropped connection) as its repr."""
    found = re.fullmatch(r"CatchResponseError\((['\"])(.*)\1\)", error)
    return found.group(2) if found else error


def _number(cell: str) -> float:
    """Locust writes N/A for an operation that no request reached."""
    try:
        return float(cell)
    except ValueError:
        return float("nan")


def measure(backend: str, args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    steps = [int(s) for s in args.steps.split(",")]
    with platform_on(backend, args, folder) as (running, read_models):
        started = time.perf_counter()
        seeded_path = folder / f"residents-{backend}.json"
        seeded = seed(running, args.residents, seeded_path)
        print(
            f"{backend}: {args.residents} residents seeded in {time.perf_counter() - started:.0f} s"
        )
        members = seeded["residents"]
        idle = probe.gateway_against_direct(
            running.api, read_models, members[-1], args.baseline_reads
        )
        print(f"{backend}: idle board, gateway {report.pct(idle['gateway'], 50):.1f} ms p50,"
              f" read model {report.pct(idle['direct'], 50):.1f} ms p50")  # fmt: skip
        results = []
        for users in steps:
            visible = probe.Visibility(running.api, members[0], members[1])
            visible.start()
            stats = run_step(running.base_url, seeded_path, users, args.step_seconds, folder)
            visible.stop()
            results.append({"users": users, "stats": stats, "visible": visible.samples,
                            "visible_failures": visible.failures})  # fmt: skip
            print(f"{backend}: {users} users, {stats['all']['rps']:.1f} req/s, "
                  f"p99 {stats['all']['p99']:.0f} ms, post visible p99 "
                  f"{report.pct(visible.samples, 99):.0f} ms ({len(visible.samples)} posts,"
                  f" {visible.failures} failed)")  # fmt: skip
            for cause, count in stats["all"]["failed"].items():
                print(f"{backend}: {users} users, failed: {count} x {cause}")
        idle_after = probe.gateway_against_direct(
            running.api, read_models, members[-1], args.baseline_reads
        )
    return {"backend": backend, "steps": results, "idle": idle, "idle_after": idle_after}


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if importlib.util.find_spec("locust") is None:
        raise SystemExit("locust is not installed: `make bench-load` installs it ('.[dev,bench]')")
    folder = Path(tempfile.mkdtemp(prefix="bench-load-"))
    if args.host:
        backends = ["cluster" if args.cluster else "elsewhere"]
    else:
        backends = ["SQLite", "PostgreSQL"]
    if args.only:
        backends = [{"sqlite": "SQLite", "pg": "PostgreSQL"}[args.only]]
    runs = []
    for backend in backends:
        try:
            runs.append(measure(backend, args, folder))
        except Exception as failed:  # one backend's failure leaves the other's figures
            print(f"{backend}: not measured: {type(failed).__name__}: {failed}")
        else:
            (folder / f"run-{backend}.json").write_text(json.dumps(runs[-1]))
    if not runs:
        return 1
    report.show(runs, args)
    if not args.no_record:
        report.record(runs, args)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
