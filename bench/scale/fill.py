"""Writing the scale benchmark's log into a PostgreSQL event store's tables with COPY, and the
read models its queries run on: the listings board filled beside it (listings_data.py) and the
neighbourhoods' spatial tables (neighbourhoods_sql.py)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import psycopg
import sqlalchemy as sa

HERE = Path(__file__).resolve().parent
sys.path.append(str(HERE.parent))

import listings_data  # noqa: E402
from events import COLUMNS, Town, rows  # noqa: E402

from listings.projections import facts, listings  # noqa: E402
from services.subscriptions.database import create_all  # noqa: E402

BATCH = 200_000  # rows per COPY transaction


def dsn_and_schema(url: str) -> tuple[str, str]:
    dsn, schema = url.split("?schema=")
    return dsn.replace("postgresql+psycopg://", "postgresql://"), schema


def grow(url: str, town: Town, events: int) -> float:
    """About `events` more events appended to the store at `url`; the seconds it took."""
    dsn, schema = dsn_and_schema(url)
    started = time.perf_counter()
    produced = rows(town, events)
    with psycopg.connect(dsn) as conn:
        while True:
            written = 0
            with (
                conn.cursor() as cur,
                cur.copy(f'COPY "{schema}".events ({COLUMNS}) FROM STDIN') as copy,
            ):
                for row in produced:
                    copy.write_row(row)
                    written += 1
                    if written == BATCH:
                        break
            with (
                conn.cursor() as cur,
                cur.copy(f'COPY "{schema}".streams (name, version, chain) FROM STDIN') as copy,
            ):
                for name, version, hashes in town.finished:
                    copy.write_row((name, version, hashes))
            town.finished.clear()
            conn.commit()
            if written < BATCH:
                break
        # The rosters grew: their heads as the claim of a next append would find them.
        with conn.cursor() as cur:
            cur.executemany(
                f'INSERT INTO "{schema}".streams (name, version, chain) VALUES (%s, %s, %s)'
                " ON CONFLICT (name) DO UPDATE SET version = excluded.version,"
                " chain = excluded.chain",
                [(name, v, [h]) for name, (v, h) in town.heads.items()],
            )
            cur.execute(f'ANALYZE "{schema}".events')
            cur.execute(f'ANALYZE "{schema}".streams')
        conn.commit()
    return time.perf_counter() - started


def board(
    engine: sa.Engine,
    listed: int,
    places: list[str],
    tag: str,
    full: tuple[list[str], int] = ([], 0),
) -> tuple[Any, Any, float]:
    """A listings read model of `listed` listings over `places` (tables ending in `tag`), and
    beside them `full`'s boards (neighbourhoods, listings each), as full at every size."""
    metadata = sa.MetaData()
    t = listings.define(metadata, f"_{tag}")
    f = facts.define(metadata, f"_{tag}")
    create_all(engine, metadata)
    started = time.perf_counter()
    with engine.begin() as conn:
        listings_data.fill(conn, t, f, listed, places, seed=20261203)
        boards, each = full
        if boards:
            listings_data.fill(conn, t, f, len(boards) * each, boards, 20261204, first=listed)
    with engine.begin() as conn:
        for table in (*vars(t).values(), *vars(f).values()):
            if isinstance(table, sa.Table):
                conn.execute(sa.text(f'ANALYZE "{table.name}"'))
    return t, f, time.perf_counter() - started


def drop(engine: sa.Engine, *namespaces: Any) -> None:
    metadata = sa.MetaData()
    for namespace in namespaces:
        for table in vars(namespace).values():
            if isinstance(table, sa.Table):
                table.to_metadata(metadata)
    metadata.drop_all(engine)
