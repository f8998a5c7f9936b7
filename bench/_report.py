"""The results table, on the terminal (rich) and appended as markdown to RESULTS.md."""

from __future__ import annotations

import os
import platform
import sqlite3
import statistics
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from _reads import ReadAll, ReadStream
from _writers import WriteResult
from rich.console import Console
from rich.table import Table

BACKENDS = ("sqlite", "pg")
HEADINGS = {"sqlite": "SQLite", "pg": "PostgreSQL"}
# (backend, baseline kind, concurrent?, target): the store's figure over the baseline's, with the
# same number of writers.
RATIOS = (
    ("pg", "raw", True, 0.7),
    ("pg", "locked", True, 2.0),
    ("pg", "shared", True, None),
    ("sqlite", "raw", False, None),
    ("sqlite", "raw", True, None),
)
KIND_NAMES = {
    "store": "store append",
    "raw": "baseline raw INSERT",
    "locked": "baseline INSERT + advisory lock",
    "shared": "baseline INSERT + shared advisory lock",
}
EXPLANATION_TITLE = "### Event store rows"
EXPLANATION = """### Event store rows

Appended by `bench/eventstore.py` (`make bench`); every figure of a section is measured in that
one run on that machine.

- **store append, N writers**: events/s through `EventStore.append`, one event per append, each to
  a new stream with `expected_version=NO_STREAM`, ~320 bytes of JSON data plus metadata
  (correlation_id, causation_id, actor). N spawned processes, each with its own store. Median
  over the rounds, (min-max) beside it.
- **baseline raw INSERT, N writers**: the same rows with the driver alone (psycopg / sqlite3) into
  a plain table with the same columns and only a primary key, one row per transaction. SQLite uses
  the adapter's settings (WAL, synchronous=NORMAL, BEGIN IMMEDIATE).
- **baseline INSERT + advisory lock**: as above, `SELECT pg_advisory_xact_lock(1)` first in every
  transaction: what a store serialising its appends with one lock would reach.
- **baseline INSERT + shared advisory lock**: as above with `pg_advisory_xact_lock_shared(1)`,
  which no writer waits for: the price of the lock the store's appends hold so that readers can
  tell appends from other transactions (docs/decisions/0001).
- **read_all**: events/s iterating `read_all(limit=None)` over the whole log.
- **read_stream p50 / p99**: latency of `read_stream` on randomly chosen 10-event streams in a log
  of the stated size.
- **Ratios**: store / baseline from the medians; PostgreSQL targets are >= 0.7x the unlocked
  baseline and >= 2x the locked one.
"""


@dataclass
class Results:
    writes: dict[tuple[str, str, int], list[WriteResult]] = field(default_factory=dict)
    read_all: dict[str, ReadAll] = field(default_factory=dict)
    read_stream: dict[str, ReadStream] = field(default_factory=dict)

    def rate(self, backend: str, kind: str, writers: int) -> float | None:
        runs = self.writes.get((backend, kind, writers))
        return statistics.median(r.rate for r in runs) if runs else None


def _write_cell(runs: list[WriteResult] | None) -> str:
    if not runs:
        return "-"
    rates = [r.rate for r in runs]
    cell = f"{statistics.median(rates):,.0f}/s"
    return cell + (f" ({min(rates):,.0f}-{max(rates):,.0f})" if len(rates) > 1 else "")


def rows(results: Results) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for kind in KIND_NAMES:
        for writers in sorted({w for _, k, w in results.writes if k == kind}):
            label = f"{KIND_NAMES[kind]}, {writers} writer{'s' if writers > 1 else ''}"
            cells = (_write_cell(results.writes.get((b, kind, writers))) for b in BACKENDS)
            out.append((label, *cells))
    if results.read_all:
        out.append(("read_all, events/s", *(_read_all_cell(results, b) for b in BACKENDS)))
    for name, attr in (("p50", "median_ms"), ("p99", "p99_ms")):
        if results.read_stream:
            size = max(s.log_events for s in results.read_stream.values())
            cells = (
                f"{getattr(s, attr):.2f} ms" if (s := results.read_stream.get(b)) else "-"
                for b in BACKENDS
            )
            out.append((f"read_stream {name} (10-event streams, {size:,}-event log)", *cells))
    return out


def _read_all_cell(results: Results, backend: str) -> str:
    r = results.read_all.get(backend)
    return f"{r.rate:,.0f}/s over {r.events:,}" if r else "-"


def ratios(results: Results, writers: int) -> list[tuple[str, str, str]]:
    out = []
    for backend, kind, concurrent, target in RATIOS:
        n = writers if concurrent else 1
        store, base = results.rate(backend, "store", n), results.rate(backend, kind, n)
        if not store or not base:
            continue
        label = f"{HEADINGS[backend]}, {n} writer(s): store / {KIND_NAMES[kind]}"
        verdict = (
            "-"
            if target is None
            else f">= {target}x: {'met' if store / base >= target else 'MISSED'}"
        )
        out.append((label, f"{store / base:.2f}x", verdict))
    return out


def show(results: Results, writers: int, console: Console) -> None:
    table = Table(title="Event store benchmark")
    table.add_column("measure")
    for b in BACKENDS:
        table.add_column(HEADINGS[b], justify="right")
    for row in rows(results):
        table.add_row(*row)
    console.print(table)
    ratio_table = Table(title="Store vs same-run baselines")
    for name in ("ratio", "value", "target"):
        ratio_table.add_column(name)
    for row in ratios(results, writers):
        ratio_table.add_row(*row)
    console.print(ratio_table)


def print_table(
    title: str, headers: tuple[str, ...], rows: list[tuple[str, ...]], console: Console
) -> None:
    """`rows` under `headers` on the terminal: the first column left, the figures right."""
    out = Table(title=title)
    for i, name in enumerate(headers):
        out.add_column(name, justify="left" if i == 0 else "right")
    for row in rows:
        out.add_row(*row)
    console.print(out)


def pg_version(url: str) -> str | None:
    """The version of the PostgreSQL server at `url` (SQLAlchemy's or libpq's form, a `schema`
    parameter allowed), None when it cannot be asked."""
    import psycopg

    plain = url.split("?", 1)[0].replace("postgresql+psycopg://", "postgresql://", 1)
    try:
        with psycopg.connect(plain, connect_timeout=5) as conn:
            found = conn.execute("SHOW server_version").fetchone()
    except psycopg.Error:
        return None
    return None if found is None else str(found[0]).split()[0]


def machine(pg_version: str | None) -> str:
    return (
        f"{hardware()}; PostgreSQL {pg_version or '-'}; "
        f"Python {platform.python_version()}; SQLite {sqlite3.sqlite_version}"
    )


def hardware() -> str:
    """`2 CPUs (<model>), 7.8 GiB RAM`"""
    mem = _first_field("/proc/meminfo", "MemTotal")
    ram = f"{int(mem.split()[0]) / 1024**2:.1f} GiB" if mem else "?"
    return f"{os.cpu_count()} CPUs ({cpu()}), {ram} RAM"


def cpu() -> str:
    """The CPU's model name."""
    return _first_field("/proc/cpuinfo", "model name") or platform.processor() or "?"


def _first_field(path: str, name: str) -> str | None:
    try:
        for line in Path(path).read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == name:
                return value.strip()
    except OSError:
        pass
    return None


def heading(title: str, machine_line: str, settings: str) -> list[str]:
    """The first lines of a RESULTS.md section: title and date, machine, how it was run."""
    when = datetime.now(UTC).strftime("%a %b %d %H:%M:%S UTC %Y")
    return [f"## {title}, {when}", "", f"Machine: {machine_line}", "", f"Run: {settings}", ""]


def markdown(results: Results, writers: int, pg_version: str | None, settings: str) -> str:
    lines = heading("Event store", machine(pg_version), settings)
    lines += ["| measure | SQLite | PostgreSQL |", "|---|---:|---:|"]
    lines += [f"| {' | '.join(r)} |" for r in rows(results)]
    lines += ["", "| ratio | value | target |", "|---|---:|---|"]
    lines += [f"| {' | '.join(r)} |" for r in ratios(results, writers)]
    return "\n".join(lines) + "\n"


def append_results(path: Path, text: str) -> None:
    """RESULTS.md is shared with other benchmarks: the rows are explained once, before the first
    event store section."""
    existing = path.read_text() if path.exists() else ""
    if EXPLANATION_TITLE not in existing:
        heading, _, rest = text.partition("\n")
        text = f"{heading}\n\n{EXPLANATION}{rest}"
    with path.open("a") as f:
        f.write(("" if existing else "# Benchmark results\n") + "\n" + text)
