"""The load run's tables (terminal and bench/RESULTS.md) and its chart of latency against load
per operation (bench/load/latency.png)."""

from __future__ import annotations

import argparse
import math
import statistics
import sys
from pathlib import Path
from typing import Any

import psycopg

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import _report  # noqa: E402
from mix import MIX, members_equivalent, read_share  # noqa: E402

RESULTS = HERE.parent / "RESULTS.md"
CHART = HERE / "latency.png"
GOAL_RPS, GOAL_READ_P99_MS, GOAL_VISIBLE_P99_MS = 100.0, 50.0, 150.0
# A step still scales while its throughput per user stays above this share of the first step's.
KNEE_SHARE = 0.8


def pct(values: list[float], p: int) -> float:
    if not values:
        return math.nan
    if p == 50:
        return statistics.median(values)
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(len(ordered) * p / 100) - 1)]


def knee(steps: list[dict[str, Any]]) -> dict[str, Any]:
    """The last step whose requests/s per user is still near the first step's."""
    per_user = steps[0]["stats"]["all"]["rps"] / steps[0]["users"]
    found = steps[0]
    for step in steps:
        if step["stats"]["all"]["rps"] >= KNEE_SHARE * per_user * step["users"]:
            found = step
        else:
            break
    return found


def nearest_goal(steps: list[dict[str, Any]]) -> dict[str, Any]:
    return min(steps, key=lambda s: abs(s["stats"]["all"]["rps"] - GOAL_RPS))


def _cell(stats: dict[str, Any], name: str) -> str:
    s = stats.get(name)
    return f"{s['p50']:.0f} / {s['p99']:.0f}" if s else "-"


def tables(run: dict[str, Any]) -> list[str]:
    steps, backend = run["steps"], run["backend"]
    names = list(MIX)
    lines = [
        f"### {backend}",
        "",
        "| users | req/s | failed | "
        + " | ".join(f"{n} p50/p99 ms" for n in names)
        + " | post visible p50/p99 ms (posts) |",
        "|---:|---:|---:|" + "---:|" * (len(names) + 1),
    ]
    top = knee(steps)
    for s in steps:
        a = s["stats"]["all"]
        mark = " (knee)" if s is top else ""
        lines.append(
            f"| {s['users']}{mark} | {a['rps']:.1f} | {a['failures']}/{a['requests']} | "
            + " | ".join(_cell(s["stats"], n) for n in names)
            + f" | {pct(s['visible'], 50):.0f} / {pct(s['visible'], 99):.0f}"
            f" ({len(s['visible'])}) |"
        )
    lines += ["", *failure_rows(steps), *baseline_rows(run), "", *goal_rows(run), ""]
    return lines


def failure_rows(steps: list[dict[str, Any]]) -> list[str]:
    """The failed requests of each step by operation and cause; nothing when none failed."""
    rows = [
        f"- {s['users']} users: {count} x {cause}"
        for s in steps
        for cause, count in s["stats"]["all"].get("failed", {}).items()
    ]
    return ["Failed requests:", "", *rows, ""] if rows else []


def baseline_rows(run: dict[str, Any]) -> list[str]:
    rows = ["| board page, idle platform | reads | p50 ms | p99 ms | p50 vs read model |",
            "|---|---:|---:|---:|---:|"]  # fmt: skip
    for when in ("idle", "idle_after"):
        times = run[when]
        base = pct(times["direct"], 50)
        label = "before the steps" if when == "idle" else "after the steps"
        for what, key in (("read model's `board` (baseline)", "direct"), ("gateway", "gateway")):
            t = times[key]
            rows.append(
                f"| {what}, {label} | {len(t)} | {pct(t, 50):.2f} | {pct(t, 99):.2f} |"
                f" {pct(t, 50) / base:.1f}x |"
            )
    return rows


def goal_rows(run: dict[str, Any]) -> list[str]:
    at = nearest_goal(run["steps"])
    s, top = at["stats"], knee(run["steps"])
    posts = top["stats"].get("post", {}).get("rps", 0.0)
    checks = [
        (f"board p99 at {s['all']['rps']:.0f} req/s", s.get("board", {}).get("p99"),
         GOAL_READ_P99_MS),
        (f"search p99 at {s['all']['rps']:.0f} req/s", s.get("search", {}).get("p99"),
         GOAL_READ_P99_MS),
        (f"post visible to another member, p99 at {s['all']['rps']:.0f} req/s",
         pct(at["visible"], 99), GOAL_VISIBLE_P99_MS),
    ]  # fmt: skip
    rows = ["| goal | measured ms | target ms | met |", "|---|---:|---:|---|"]
    for what, value, target in checks:
        met = "yes" if value is not None and value < target else "no"
        rows.append(f"| {what} | {value if value is not None else math.nan:.0f} | < {target:.0f}"
                    f" | {met} |")  # fmt: skip
    rows += [
        "",
        f"At the knee ({top['users']} users, {top['stats']['all']['rps']:.1f} req/s) residents"
        f" posted {posts:.2f} listings/s: the crisis rate of about"
        f" {members_equivalent(posts):,} members.",
    ]
    return rows


def show(runs: list[dict[str, Any]], args: argparse.Namespace) -> None:
    for run in runs:
        print("\n".join(tables(run)))


def record(runs: list[dict[str, Any]], args: argparse.Namespace) -> None:
    chart(runs)
    settings = (
        f"`bench/load/run.py --steps {args.steps} --step-seconds {args.step_seconds} --residents"
        f" {args.residents}`: Locust users (think time 1-3 s, {read_share():.0%} reads) against"
        " one platform per backend as `make run` starts it (one process per service, RabbitMQ"
        " on localhost, Locust and the platform on the same 2 cores); each step runs its own"
        " Locust, statistics reset once every user is spawned. Cells are Locust's p50 / p99"
        " (ms). One member posts every ~0.5 s and another reads the board until the post shows"
        f" (post visible). Chart: `bench/load/{CHART.name}`."
    )
    on_pg = any(run["backend"] != "SQLite" for run in runs)
    server = _report.pg_version(args.event_store or args.pg_url) if on_pg else None
    lines = _report.heading("The path under load", _report.machine(server), settings)
    for run in runs:
        lines += tables(run)
    with RESULTS.open("a") as f:
        f.write("\n" + "\n".join(lines))


def chart(runs: list[dict[str, Any]]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(runs), figsize=(7 * len(runs), 5), squeeze=False)
    for ax, run in zip(axes[0], runs, strict=True):
        rps = [s["stats"]["all"]["rps"] for s in run["steps"]]
        for name in MIX:
            p99 = [s["stats"].get(name, {}).get("p99", math.nan) for s in run["steps"]]
            ax.plot(rps, p99, marker="o", label=name)
        visible = [pct(s["visible"], 99) for s in run["steps"]]
        ax.plot(rps, visible, marker="x", linestyle="--", color="black", label="post visible")
        ax.axhline(GOAL_READ_P99_MS, color="grey", linewidth=0.8, linestyle=":")
        ax.set(title=f"{run['backend']}: p99 against load", xlabel="requests/s",
               ylabel="p99 latency (ms)", yscale="log")  # fmt: skip
        ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(CHART, dpi=100)
    plt.close(fig)


def drop_schemas(pg_url: str, prefix: str) -> None:
    """The load run's event store schema and every service's read-model schema."""
    with psycopg.connect(pg_url, autocommit=True) as conn:
        names = conn.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname = %s OR nspname LIKE %s",
            (prefix, f"{prefix}\\_%"),
        ).fetchall()
        for (name,) in names:
            conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
