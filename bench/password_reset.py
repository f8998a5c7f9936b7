""" "Forgot my password": how long the gateway takes to answer for an address with an account
and for one without, through the whole platform (`make run`-style processes, SQLite, RabbitMQ
on localhost). The baseline is the unknown address, measured in the same run, interleaved in
random order with the known ones; the ratio known/unknown should sit at 1.00x
(docs/decisions/0030). For contrast, the same requests made straight to identity's RPC door,
waiting for its work as a synchronous route would: the difference the gateway hides.

    python bench/password_reset.py [--requests 300]

Results are appended to bench/RESULTS.md.
"""

from __future__ import annotations

import warnings

warnings.filterwarnings("ignore", message="(?s).*Eventlet is deprecated")

import argparse  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from pathlib import Path  # noqa: E402

import _report  # noqa: E402
import requests  # noqa: E402
from nameko.standalone.rpc import ClusterRpcProxy  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.platform import GENEROUS_LIMITS, running_platform  # noqa: E402

RESULTS = ROOT / "bench" / "RESULTS.md"


def timed(session: requests.Session, url: str, email: str) -> float:
    started = time.perf_counter()
    answer = session.post(url, json={"email": email}, timeout=30)
    elapsed = (time.perf_counter() - started) * 1000
    if answer.status_code != 202:
        raise SystemExit(f"POST /password-resets answered {answer.status_code}")
    return elapsed


def summary(values: list[float]) -> tuple[float, float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.9)], statistics.fmean(ordered)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300, help="per kind of address")
    args = parser.parse_args()
    limits = f"{GENEROUS_LIMITS},password_reset_address=100000/60"
    with running_platform(Path(tempfile.mkdtemp()), {"QUARTIER_RATE_LIMITS": limits}) as running:
        known = [running.sign_up("Bench").email for _ in range(20)]
        url = running.url("/password-resets")
        session = requests.Session()
        for _ in range(20):  # warm up both paths
            timed(session, url, random.choice(known))
            timed(session, url, f"warm-{uuid.uuid4().hex[:8]}@example.org")
        order = ["known"] * args.requests + ["unknown"] * args.requests
        random.shuffle(order)
        times: dict[str, list[float]] = {
            k: [] for k in ("known", "unknown", "rpc known", "rpc unknown")
        }
        for kind in order:
            email = (
                random.choice(known)
                if kind == "known"
                else f"nobody-{uuid.uuid4().hex[:8]}@example.org"
            )
            times[kind].append(timed(session, url, email))
        with ClusterRpcProxy({"AMQP_URI": running.amqp_uri}) as rpc:
            for kind in order:
                email = (
                    random.choice(known)
                    if kind == "known"
                    else f"nobody-{uuid.uuid4().hex[:8]}@example.org"
                )
                started = time.perf_counter()
                rpc.identity.request_password_reset(command_id=str(uuid.uuid4()), email=email)
                times[f"rpc {kind}"].append((time.perf_counter() - started) * 1000)
    base = summary(times["unknown"])
    rpc_base = summary(times["rpc unknown"])
    rows = [
        ("HTTP, unknown address (baseline)", base, base),
        ("HTTP, address with an account", summary(times["known"]), base),
        ("RPC waited for, unknown address (baseline)", rpc_base, rpc_base),
        ("RPC waited for, address with an account", summary(times["rpc known"]), rpc_base),
    ]
    when = subprocess.run(["date"], capture_output=True, text=True).stdout.strip()
    lines = [
        f"## Password reset requests, {when}",
        "",
        f"Machine: {os.cpu_count()} CPUs ({_report.cpu()}); `nproc` {os.cpu_count()}; Python "
        f"{platform.python_version()}",
        "",
        f"Run: `bench/password_reset.py --requests {args.requests}`: POST /password-resets"
        " through the gateway of a whole platform (SQLite, RabbitMQ on localhost), one client"
        " with keep-alive, known and unknown addresses interleaved in random order; then the"
        " same through identity's RPC door, waiting for the answer (what the gateway does"
        " not do).",
        "",
        "| address | requests | median ms | p90 ms | mean ms | median vs baseline |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, (median, p90, mean), against in rows:
        lines.append(
            f"| {label} | {args.requests} | {median:.2f} | {p90:.2f} | {mean:.2f} |"
            f" {median / against[0]:.2f}x |"
        )
    table = "\n".join(lines)
    print(table)
    with RESULTS.open("a", encoding="utf-8") as out:
        out.write("\n" + table + "\n")
    print(f"\nappended to {RESULTS.relative_to(ROOT)} at {datetime.now(UTC):%H:%M} UTC")


if __name__ == "__main__":
    main()
