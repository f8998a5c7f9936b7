"""Tamper evidence benchmark (docs/decisions/0031), on SQLite and PostgreSQL: appends/s with
hashing (the store) against the same store with its hashing taken out (bench/_unchained.py),
one event per append to a new stream, 1 and N writer processes, measured in the same run.
The replay's figures are bench/replay.py's.

    .venv/bin/python bench/ledger.py                    # appends to RESULTS.md
    .venv/bin/python bench/ledger.py --quick            # smoke run, not recorded
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/neighbourhoods.py is named like the package this benchmark reads: the repository must
# come first on the path for the package to win the import, and this directory after it.
HERE = Path(__file__).resolve().parent
sys.path[:] = [str(HERE.parent)] + [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.append(str(HERE))

import argparse  # noqa: E402
import multiprocessing  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from typing import Any  # noqa: E402

import _args  # noqa: E402
import _ledger_fill  # noqa: E402
import _ratios  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from services.eventstore import NO_STREAM, NewEvent, connect  # noqa: E402


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = _ledger_fill.parser(__doc__)
    p.add_argument("--writers", type=int, default=8, help="concurrent writer processes")
    p.add_argument("--seconds", type=float, default=6.0, help="timed window of each write figure")
    p.add_argument("--rounds", type=int, default=2, help="interleaved repeats of the write figures")
    return _args.parsed(p, argv, seconds=2.0, rounds=1)


def _writer(url: str, hashed: bool, seconds: float, start: Any, results: Any) -> None:
    if not hashed:
        import _unchained

        _unchained.unchain()
    store = connect(url)
    for _ in range(3):  # connected and warm before the window opens
        store.append(f"bench.thing-{uuid.uuid4()}", [_event()], NO_STREAM)
    results.put("ready")
    start.wait()
    count, began = 0, time.monotonic()
    while time.monotonic() < began + seconds:
        store.append(f"bench.thing-{uuid.uuid4()}", [_event()], NO_STREAM)
        count += 1
    results.put((count, began, time.monotonic()))
    store.close()


def _event() -> NewEvent:
    data = {"listing_id": str(uuid.uuid4()), "title": "Perceuse à prêter", "text": "x" * 240}
    meta = {"correlation_id": str(uuid.uuid4()), "causation_id": None, "actor": "system:bench"}
    return NewEvent("bench.ThingHappened", data, meta)


def appends(url: str, hashed: bool, writers: int, seconds: float) -> float:
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Event(), ctx.Queue()
    procs = [
        ctx.Process(target=_writer, args=(url, hashed, seconds, start, results))
        for _ in range(writers)
    ]
    for p in procs:
        p.start()
    for _ in procs:
        if results.get(timeout=180) != "ready":
            raise RuntimeError("a writer failed to start")
    start.set()
    reports = [results.get(timeout=seconds + 180) for _ in procs]
    for p in procs:
        p.join(timeout=30)
    return sum(r[0] for r in reports) / (max(r[2] for r in reports) - min(r[1] for r in reports))


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    console = Console()
    results: dict[str, Any] = {}
    with _ledger_fill.targets(args) as targets:
        for name, url, _ in targets:
            connect(url).close()
            for r in range(args.rounds):
                for writers in (1, args.writers):
                    for hashed in (True, False):
                        rate = appends(url, hashed, writers, args.seconds)
                        results.setdefault((name, writers, hashed), []).append(rate)
                        console.log(
                            f"round {r + 1}: {name} x{writers} hashed={hashed}: {rate:,.0f}/s"
                        )
    table = report(results, args)
    console.print(table)
    if not args.no_record:
        _ledger_fill.record(table, results, args, HERE / "RESULTS.md")
    return 0


def report(results: dict[Any, Any], args: argparse.Namespace) -> Table:
    table = Table("figure", "with tamper evidence", "baseline", "ratio", title="Tamper evidence")
    for key in sorted(k for k in results if len(k) == 3 and k[2]):
        name, writers, _ = key
        ours = statistics.median(results[key])
        base = statistics.median(results[(name, writers, False)])
        table.add_row(
            f"{name} appends/s, {writers} writer(s)",
            f"{ours:,.0f}",
            f"{base:,.0f} (no hashing)",
            # Each round's ratio to the baseline of that round (bench/_ratios.py says why).
            _ratios.spread(_ratios.per_round(results[key], results[(name, writers, False)])),
        )
    return table


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
