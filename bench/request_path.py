"""What a signed-in read costs in database work, in one process, on SQLite and PostgreSQL
(docs/decisions/0055), against the way main did it in the same run, rounds interleaved:

- the gateway's access checks: the session found and the resident's read counted, by
  `AccessChecks.admit` on the read-model engine as built now (a poll of the socket on checkout,
  each statement alone), against main's path: `SessionStore.find` then the hit, each in its own
  transaction (the hit with `SET LOCAL synchronous_commit = off`), on an engine that pre-pings
  every checkout;
- a query's connection: five primary-key reads (as many statements as a board page makes)
  through `querying` (on PostgreSQL no BEGIN and ROLLBACK), against a plain connection of the
  pre-pinging engine.

    .venv/bin/python bench/request_path.py [--requests 2000] [--rounds 3] [--only sqlite|pg]

Prints per-request p50/p99 and the ratio; nothing is recorded (copy the table by hand).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine, make_url
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent)]

from _ratios import timed  # noqa: E402

from services.gateway.access.checks import AccessChecks  # noqa: E402
from services.gateway.access.ratelimit import (  # noqa: E402
    RESIDENT_READS,
    Limit,
    RateLimiter,
    client_key,
    window_start,
)
from services.gateway.access.sessions import SessionStore  # noqa: E402
from services.gateway.access.tables import GATEWAY, rate_counters, sessions  # noqa: E402
from services.gateway.http.routing import Route  # noqa: E402
from services.subscriptions.database import (  # noqa: E402
    commit_lazily,
    connect_database,
    create_all,
    querying,
)

PG = os.environ.get("QUARTIER_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")
BOARD = Route("GET", "/board", "The board.", 200, None)
LIMITS = {RESIDENT_READS: Limit(10**9, 3600)}
SECRET = b"k" * 32
IDLE, MAX_AGE = timedelta(days=14), timedelta(days=90)


def pre_pinging(url: str) -> Engine:
    """The read-model engine as main built it: a `SELECT 1` before every checkout."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return connect_database(url)  # main never pinged SQLite
    schema = parsed.query["schema"]
    return sa.create_engine(
        parsed.difference_update_query(["schema"]).set(drivername="postgresql+psycopg"),
        pool_pre_ping=True,
        pool_size=10,
        max_overflow=10,
        connect_args={"options": f"-csearch_path={schema}"},
    )


def main_checks(engine: Engine, store: SessionStore, token: str) -> None:
    """main's Gate.admit for a signed-in GET: two transactions, two checkouts."""
    session = store.find(token, datetime.now(UTC))
    assert session is not None
    now = time.time()
    limit = LIMITS[RESIDENT_READS]
    key = {
        "bucket": RESIDENT_READS,
        "client": client_key(SECRET, f"resident:{session.resident_id}"),
    }
    dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
    upsert = (
        dialect.insert(rate_counters)
        .values(**key, window_start=window_start(now, limit), hits=1)
        .on_conflict_do_update(
            index_elements=["bucket", "client", "window_start"],
            set_={"hits": rate_counters.c.hits + 1},
        )
        .returning(rate_counters.c.hits)
    )
    with engine.begin() as conn:
        commit_lazily(conn)
        conn.execute(upsert).scalar_one()


def five_reads(conn: sa.Connection, token_hash: str) -> None:
    for _ in range(5):
        conn.execute(sa.select(sessions.c.resident_id).where(sessions.c.token_hash == token_hash))


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def measure(url: str, requests: int, rounds: int) -> dict[str, list[float]]:
    new = connect_database(url)
    create_all(new, GATEWAY)
    old = pre_pinging(url)
    issued = SessionStore(new, IDLE, MAX_AGE).issue(str(uuid.uuid4()), datetime.now(UTC))
    token = issued.token
    request = Request(
        EnvironBuilder(path="/board", headers={"Authorization": f"Bearer {token}"}).get_environ()
    )
    checks = AccessChecks(new, SessionStore(new, IDLE, MAX_AGE), RateLimiter(new, LIMITS, SECRET))
    old_store = SessionStore(old, IDLE, MAX_AGE)

    def new_query() -> None:
        with new.connect() as conn:
            five_reads(querying(conn), issued.session.token_hash)

    def old_query() -> None:
        with old.connect() as conn:
            five_reads(conn, issued.session.token_hash)

    variants: dict[str, Callable[[], None]] = {
        "access checks, main": lambda: main_checks(old, old_store, token),
        "access checks, now": lambda: checks.admit(request, BOARD, "192.0.2.1") and None,
        "query of 5 reads, main": old_query,
        "query of 5 reads, now": new_query,
    }
    results: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(rounds):
        for name, work in variants.items():
            timed(work, requests // 10)  # warm the pool and the statement caches
            results[name] += timed(work, requests)
    new.dispose()
    old.dispose()
    return results


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--requests", type=int, default=2000, help="per variant and round")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--only", choices=["sqlite", "pg"])
    p.add_argument("--pg-url", default=PG)
    args = p.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="bench-request-path-"))
    schema = f"rp_{uuid.uuid4().hex[:10]}"
    backends = {
        "SQLite": f"sqlite:///{folder}/gateway.db",
        "PostgreSQL": f"{args.pg_url}?schema={schema}",
    }
    if args.only:
        named = {"sqlite": "SQLite", "pg": "PostgreSQL"}[args.only]
        backends = {named: backends[named]}
    print(f"load average {os.getloadavg()[0]:.2f} at the start")
    print("| backend | path | requests | p50 ms | p99 ms | mean ms | p50 vs main |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for backend, url in backends.items():
        try:
            results = measure(url, args.requests, args.rounds)
        finally:
            if backend == "PostgreSQL":
                drop = sa.create_engine(
                    args.pg_url.replace("postgresql://", "postgresql+psycopg://")
                )
                with drop.begin() as conn:
                    conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
                drop.dispose()
        for name, took in results.items():
            base = results[name.replace(", now", ", main")]
            ratio = pct(took, 50) / pct(base, 50)
            print(f"| {backend} | {name} | {len(took)} | {pct(took, 50):.3f} | {pct(took, 99):.3f}"
                  f" | {statistics.fmean(took):.3f} | {ratio:.2f}x |")  # fmt: skip
    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
