"""Analysts' export benchmark: `quartier export events --format parquet` over logs of growing
size, its peak memory (RSS) against two baselines measured in the same run on the same log:

- read_all into a list: the recorded events held in memory (what a naive export starts with);
- pyarrow from memory: the same pseudonymised rows, all held, written as one Table.

Each figure runs in a process of its own, so that its peak RSS is its own. The log is real
contract events (listings published, responses, residents registered, members joined, listings
closed) with their personal fields sealed, written into the SQLite adapter's table directly (a
million appends through the store would take longer than the benchmark may).

    .venv/bin/python bench/analytics_export.py                    # 10k .. 160k; appends RESULTS.md
    .venv/bin/python bench/analytics_export.py --sizes 10000,100000 --no-record
    .venv/bin/python bench/analytics_export.py --sizes 1000000 --log var/bench-log --fill-only
    .venv/bin/python bench/analytics_export.py --sizes 1000000 --log var/bench-log

--log keeps the log in a folder of its own choosing, grown only by what it lacks, so that a
long fill is paid once: fill in the background (--fill-only), measure later.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from _export_log import KEY, grow, sealed_pool  # noqa: E402


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_mib() -> float:
    resident = int(Path("/proc/self/statm").read_text().split()[1])
    return resident * os.sysconf("SC_PAGE_SIZE") / 2**20


class Sampled:
    """The export's RSS every SAMPLE events while it writes (the peak alone hides a slope)."""

    SAMPLE = 100_000

    def __init__(self) -> None:
        self.samples: list[tuple[int, float]] = []

    def __call__(self, count: int) -> None:
        if count % self.SAMPLE == 0 and (not self.samples or self.samples[-1][0] < count):
            self.samples.append((count, _rss_mib()))

    def slope(self) -> float | None:
        """MiB per million events, least squares over the samples past the first fifth (the
        first row groups fill the allocator's pools)."""
        last = self.samples[-1][0] if self.samples else 0
        kept = [(n, r) for n, r in self.samples if n > last / 5]
        if len(kept) < 3:
            return None
        mean_n = sum(n for n, _ in kept) / len(kept)
        mean_r = sum(r for _, r in kept) / len(kept)
        num = sum((n - mean_n) * (r - mean_r) for n, r in kept)
        return num / sum((n - mean_n) ** 2 for n, _ in kept) * 1_000_000


def _opened(folder: Path) -> Any:
    """The log as `quartier export events` opens it from the configuration."""
    from services.analytics.sources import opened_log
    from services.runtime.config import load

    env = {"QUARTIER_DATA_DIR": str(folder), "QUARTIER_PSEUDONYM_KEY": KEY.hex()}
    return opened_log(load(env))


def child(figure: str, folder: Path) -> dict[str, Any]:
    """One figure, measured in this process."""
    with _opened(folder) as log:
        return _figure(figure, folder, log)


def _figure(figure: str, folder: Path, log: Any) -> dict[str, Any]:
    from services.analytics.columns import columns
    from services.analytics.export import export_events
    from services.analytics.selection import Selection
    from services.relay.messages import analytics_body

    floor = _peak_mib()
    start, cpu = time.perf_counter(), time.process_time()
    out = folder / "out.parquet"
    sampled = Sampled()
    if figure == "export":
        count = export_events(
            log.store, log.codec, log.registry, Selection(), "parquet", str(out), sampled
        )
    elif figure == "read_all":
        count = len(list(log.store.read_all(limit=None)))
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        shape = columns(log.registry, None)
        rows = [shape.row(analytics_body(log.codec, e)) for e in log.store.read_all(limit=None)]
        pq.write_table(pa.Table.from_pylist(rows, schema=shape.arrow_schema()), out)
        count = len(rows)
    return {
        "figure": figure,
        "events": count,
        "seconds": time.perf_counter() - start,
        "cpu_seconds": time.process_time() - cpu,
        "peak_mib": _peak_mib(),
        "floor_mib": floor,
        "rss_samples": sampled.samples,
        "slope_mib_per_million": sampled.slope(),
    }


def _prepared(folder: Path) -> tuple[list[tuple[str, str, str]], int]:
    """The pool of sealed payloads and how many events the log holds; a kept log keeps its
    pool (the subjects' keys are in its keyring)."""
    with _opened(folder):
        pass  # the adapter makes its tables
    kept = folder / "pool.json"
    if kept.exists():
        pool = [(t, d, m) for t, d, m in json.loads(kept.read_text())]
    else:
        pool = sealed_pool(folder, random.Random(7))
        kept.write_text(json.dumps(pool))
    conn = sqlite3.connect(folder / "events.db")
    (have,) = conn.execute("SELECT count(*) FROM events").fetchone()
    conn.close()
    return pool, int(have)


def measure(figure: str, folder: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", figure, "--folder", str(folder)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def machine() -> str:
    import _report  # as the other imports here: the measured export loads none of it

    return f"{_report.hardware()}; Python {platform.python_version()}"


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="10000,40000,160000")
    p.add_argument(
        "--baseline-max",
        type=int,
        default=160_000,
        help="largest log the in-memory baselines run on",
    )
    p.add_argument("--no-record", action="store_true")
    p.add_argument("--log", help="a folder that keeps the log between runs (default: temporary)")
    p.add_argument("--fill-only", action="store_true", help="grow the --log to the last size")
    p.add_argument("--child")
    p.add_argument("--folder")
    args = p.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, Path(args.folder))))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    with contextlib.ExitStack() as stack:
        if args.log:
            folder = Path(args.log).resolve()
            folder.mkdir(parents=True, exist_ok=True)
        else:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-export-")))
        pool, have = _prepared(folder)
        if args.fill_only:
            grow(folder, pool, have, max(sizes[-1], have))
            return 0
        for size in sizes:
            if size < have:
                raise SystemExit(f"{folder} holds {have:,} events, more than {size:,}")
            grow(folder, pool, have, size)
            have = size
            figures = ["export"] + (["read_all", "pyarrow"] if size <= args.baseline_max else [])
            measured = {f: measure(f, folder) for f in figures}
            rows.append((size, measured))
            print(_line(size, measured), flush=True)
    table = _table(rows)
    print(table)
    if not args.no_record:
        _record(table, args.sizes)
    return 0


def _line(size: int, m: dict[str, dict[str, Any]]) -> str:
    return (
        " | ".join(
            f"{f}: {r['peak_mib']:.0f} MiB, {r['events'] / r['seconds']:,.0f} ev/s"
            for f, r in m.items()
        )
        + f"  ({size:,} events)"
    )


def _table(rows: list[tuple[int, dict[str, dict[str, Any]]]]) -> str:
    lines = [
        "| events | export peak MiB | RSS slope MiB / M events | export s | export CPU s"
        " | export ev/s | read_all peak MiB | pyarrow from memory peak MiB"
        " | export / pyarrow peak |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, m in rows:
        e = m["export"]
        r, a = m.get("read_all"), m.get("pyarrow")
        ratio = f"{e['peak_mib'] / a['peak_mib']:.2f}x" if a else "-"
        held = "- | - | - |"
        if r and a:
            held = f"{r['peak_mib']:.0f} | {a['peak_mib']:.0f} | {ratio} |"
        slope = e.get("slope_mib_per_million")
        lines.append(
            f"| {size:,} | {e['peak_mib']:.0f} | {'-' if slope is None else f'{slope:.1f}'}"
            f" | {e['seconds']:.1f} | {e['cpu_seconds']:.1f} | {size / e['seconds']:,.0f} | " + held
        )
    for size, m in rows:
        samples = ", ".join(f"{n // 1000:,}k {mib:.0f}" for n, mib in m["export"]["rss_samples"])
        lines += ["", f"RSS while writing {size:,} events (MiB): {samples}"] if samples else []
    floor = rows[0][1]["export"]["floor_mib"]
    lines.append("")
    lines.append(
        f"Interpreter with the platform's modules loaded, before reading: {floor:.0f} MiB."
    )
    return "\n".join(lines)


def _record(table: str, sizes: str) -> None:
    when = datetime.now(UTC).strftime("%a %b %d %H:%M:%S UTC %Y")
    with (HERE / "RESULTS.md").open("a", encoding="utf-8") as f:
        f.write(
            f"\n## Analysts' export to Parquet, {when}\n\nMachine: {machine()}\n\n"
            f"Run: `bench/analytics_export.py --sizes {sizes}` (SQLite log; each figure in a"
            " process of its own; peak = ru_maxrss)\n\n" + table + "\n"
        )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
