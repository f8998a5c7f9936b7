"""Audit index benchmark (docs/decisions/0046): an operator's reading of a resident's trail and of
a correlation through the audit index (ops.audit_index), beside the same readings by a full scan
of the log (the unindexed baseline), on SQLite and PostgreSQL, in the same run on the same log.

The log: requests by residents (a listing whose data names another resident, the system's
match in the same request, a letter caused by the listing in a request of its own), written
straight into the store's tables in the shape `append` writes them (no hash chain, which no
reading looks at). The index is built as the ops service builds it (the subscription runner,
batches of 1,000), then every reading is checked to give the scan's events before it is timed.
Wall-clock and this process's CPU time are both given: the machine is shared, and on
PostgreSQL the server's share of the work is not in this process.

    .venv/bin/python bench/audit_index.py                        # 100,000 and 1,000,000 events
    .venv/bin/python bench/audit_index.py --sizes 100000 --only sqlite
    .venv/bin/python bench/audit_index.py --quick                # smoke run, not recorded
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

import _args  # noqa: E402
import _ledger_fill  # noqa: E402
import psycopg  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from services.eventstore import EventStore, connect  # noqa: E402
from services.ops import audit_lookup  # noqa: E402
from services.ops import audit_reading as reading  # noqa: E402
from services.ops.projections.audit_index import audit_index  # noqa: E402
from services.subscriptions import SubscriptionRunner, connect_database  # noqa: E402

RESULTS = HERE / "RESULTS.md"
RESIDENTS_PER_REQUEST = 3  # a request is three events: listing, match, letter
SCANNED, INDEXED = 2, 20  # readings timed each way (a scan reads the whole log once or twice)
COLUMNS = "event_id, stream, category, version, type, schema_version, data, metadata, recorded_at"


def parse(argv: list[str]) -> Any:
    p = _args.parser(__doc__)
    p.add_argument("--sizes", default="100000,1000000", help="log sizes, comma-separated")
    return _args.parsed(p, argv, sizes="6000")


def _rows(events: int, residents: list[str]) -> Iterator[tuple[Any, ...]]:
    pick, start = random.Random(7), datetime(2026, 1, 1, tzinfo=UTC)
    for n in range(events // RESIDENTS_PER_REQUEST):
        actor, other = pick.sample(residents, 2)
        request, letter = str(uuid.uuid4()), str(uuid.uuid4())
        ids = [str(uuid.uuid4()) for _ in range(3)]
        made = [
            ("listing", {"author_id": actor, "about": [other], "title": "x"}, actor, request, None),
            ("match", {"offer": ids[0]}, None, request, ids[0]),
            ("letter", {"n": n}, None, letter, ids[0]),
        ]
        for event_id, (kind, data, by, correlation, cause) in zip(ids, made, strict=True):
            who = f"resident:{by}" if by else "system:bench"
            meta = {"actor": who, "correlation_id": correlation, "causation_id": cause}
            yield (
                event_id,
                f"bench.{kind}-{uuid.uuid4()}",
                f"bench.{kind}",
                0,
                f"bench.{kind.capitalize()}Made",
                1,
                json.dumps(data),
                json.dumps(meta),
                start + timedelta(seconds=n),
            )


def fill(url: str, events: int, residents: list[str]) -> None:
    rows = _rows(events, residents)
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.split(":///", 1)[1], isolation_level=None)
        conn.execute("BEGIN")
        conn.executemany(
            f"INSERT INTO events ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((*r[:8], r[8].isoformat()) for r in rows),
        )
        conn.execute("COMMIT")
        conn.close()
        return
    dsn, schema = url.split("?schema=")
    with psycopg.connect(dsn) as conn, conn.cursor() as cur:
        with cur.copy(f'COPY "{schema}".events ({COLUMNS}) FROM STDIN') as copy:
            names = []
            for row in rows:
                copy.write_row(row)
                names.append(row[1])
        with cur.copy(f'COPY "{schema}".streams (name, version) FROM STDIN') as copy:
            for name in names:
                copy.write_row((name, 0))


def size(engine: sa.Engine, tables: Any) -> int:
    """Bytes the index takes on disk, its own indexes included (on SQLite the whole
    read-model file, which holds little else)."""
    names = [tables.events.name, tables.residents.name]
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar() or 0
            return int(pages) * int(conn.exec_driver_sql("PRAGMA page_size").scalar() or 0)
        query = sa.text("SELECT pg_total_relation_size(CAST(:t AS regclass))")
        return sum(int(conn.execute(query, {"t": n}).scalar() or 0) for n in names)


def timed(work: Callable[[], Any], times: int) -> tuple[float, float, Any]:
    """Mean wall-clock and CPU seconds of `work` over `times` runs, and its last result."""
    began, cpu = time.monotonic(), time.process_time()
    for _ in range(times):
        found = work()
    return (time.monotonic() - began) / times, (time.process_time() - cpu) / times, found


def figures(url: str, read_url: str, events: int, console: Console) -> dict[str, Any]:
    store: EventStore = connect(url)
    residents = [str(uuid.uuid4()) for _ in range(max(10, events // 30))]
    began = time.monotonic()
    fill(url, events, residents)
    console.log(f"filled {events:,} events in {time.monotonic() - began:.0f} s")
    engine = connect_database(read_url)
    runner = SubscriptionRunner(store, engine, audit_index(), batch_size=1000)
    began, cpu = time.monotonic(), time.process_time()
    while runner.run_once():
        pass
    built = {"seconds": time.monotonic() - began, "cpu": time.process_time() - cpu}
    built["bytes"] = size(engine, runner.tables())
    console.log(f"index built in {built['seconds']:.0f} s")
    found = audit_lookup.checkpoint(engine)
    assert found is not None
    index = audit_lookup.indexed(
        store, engine, runner.tables(), found[1], lambda after, _w: store.read_all(after, None)
    )
    scan = reading.whole_log(store)
    pick = random.Random(11)
    who = pick.sample(residents, INDEXED)
    some = [e for e in store.read_all(limit=5000) if e.metadata.get("actor") != "system:bench"]
    requests = [str(e.metadata["correlation_id"]) for e in pick.sample(some, INDEXED)]

    def trails(log: reading.Lookups, rids: list[str]) -> Callable[[], Any]:
        return lambda: [reading.trail(log, r) for r in rids]

    def requests_of(log: reading.Lookups, cids: list[str]) -> Callable[[], Any]:
        return lambda: [log.related({c}, set(), [], "reading") for c in cids]

    result: dict[str, Any] = {"events": events, "built": built}
    for name, make, keys in (("trail", trails, who), ("correlation", requests_of, requests)):
        wall, cpu, expected = timed(make(scan, keys[:SCANNED]), 1)
        fast_wall, fast_cpu, got = timed(make(index, keys), 1)
        assert got[:SCANNED] == expected, f"the indexed {name} differs from the scan"
        result[name] = {
            "scan": (wall / SCANNED, cpu / SCANNED),
            "index": (fast_wall / INDEXED, fast_cpu / INDEXED),
            "found": sum(len(g) for g in got) / INDEXED,
        }
    runner.release()
    engine.dispose()
    store.close()
    return result


def table(rows: list[tuple[str, dict[str, Any]]]) -> Table:
    t = Table(title="Audit readings: audit index against a full scan of the log")
    for heading in (
        "backend",
        "events",
        "reading",
        "events found",
        "scan ms",
        "index ms",
        "scan / index",
        "scan / index, CPU",
        "index build ev/s",
        "index bytes / event",
    ):
        t.add_column(heading, justify="left" if heading in ("backend", "reading") else "right")
    for backend, r in rows:
        rate = r["events"] / r["built"]["seconds"]
        for name in ("trail", "correlation"):
            (sw, sc), (iw, ic) = r[name]["scan"], r[name]["index"]
            t.add_row(
                backend,
                f"{r['events']:,}",
                name,
                f"{r[name]['found']:.1f}",
                f"{sw * 1000:,.0f}",
                f"{iw * 1000:,.1f}",
                f"{sw / iw:,.0f}x",
                f"{sc / ic:,.0f}x" if ic > 0 else "-",
                f"{rate:,.0f}",
                f"{r['built']['bytes'] / r['events']:,.0f}",
            )
    return t


def record(t: Table, argv: list[str]) -> None:
    stamp = datetime.now(UTC).strftime("%a %b %d %H:%M:%S UTC %Y")
    lines = [
        f"\n## Audit index, {stamp}\n",
        f"Machine: {_ledger_fill.machine()}; load average {os.getloadavg()[0]:.1f} at the end\n",
        f"Run: `{' '.join(['bench/audit_index.py', *argv])}`\n",
        "| " + " | ".join(str(c.header) for c in t.columns) + " |",
        "|" + "|".join("---" if c.justify == "left" else "---:" for c in t.columns) + "|",
    ]
    for row in zip(*(c._cells for c in t.columns), strict=True):
        lines.append("| " + " | ".join(str(c) for c in row) + " |")
    with RESULTS.open("a") as f:
        f.write("\n".join(lines) + "\n")


def main(argv: list[str]) -> int:
    args = parse(argv)
    console = Console(width=160)
    rows = []
    for events in (int(s) for s in str(args.sizes).split(",")):
        with _ledger_fill.targets(args, f"aud_bench_{events}") as targets:
            for backend, url, read_url in targets:
                rows.append((backend, figures(url, read_url, events, console)))
                console.print(table(rows[-1:]))
    t = table(rows)
    console.print(t)
    if not args.no_record:
        record(t, argv)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
