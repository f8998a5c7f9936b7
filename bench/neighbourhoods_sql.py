"""The SQL side of the neighbourhood benchmark: loading the spatial tables, dropping their index
(the "unindexed query" baseline: the same query on the same table), and PostgreSQL's plan."""

from __future__ import annotations

import functools
import statistics
import time
from typing import Any

import sqlalchemy as sa

from neighbourhoods.projections import spatial
from services.subscriptions import connect_database
from services.subscriptions.database import create_all


def load(url: str, shapes: list[Any], ids: list[str], rtree: bool) -> tuple[sa.Engine, Any, float]:
    """An engine on `url` with the spatial tables filled; the seconds the filling took."""
    engine = connect_database(url)
    metadata = sa.MetaData()
    tables = functools.partial(spatial.define, rtree=rtree)(metadata, "_v1")
    create_all(engine, metadata)
    t0 = time.perf_counter()
    with engine.begin() as tx:
        for start in range(0, len(shapes), 5000):
            spatial.place_many(
                tx,
                tables,
                zip(ids[start : start + 5000], shapes[start : start + 5000], strict=True),
            )
    analyze(engine, tables)
    return engine, tables, time.perf_counter() - t0


def analyze(engine: sa.Engine, tables: Any) -> None:
    """PostgreSQL's statistics brought up to date, as autovacuum would soon do; SQLite is left
    without statistics, as the read models run."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(sa.text(f"ANALYZE {tables.boxes.name}"))


def drop_band_index(engine: sa.Engine, tables: Any) -> None:
    """The b-tree band's index dropped: the same query then reads the whole table."""
    with engine.begin() as conn:
        conn.execute(sa.text(f"DROP INDEX {tables.boxes.name}_band"))
    analyze(engine, tables)


def pg_plan(conn: sa.Connection, tables: Any, where: list[tuple[float, float]]) -> str:
    """PostgreSQL's own account of the band query (as spatial.py sends it) on these points: the
    plan's top node, median server time, rows returned and buffers touched."""
    statement = _band_query(conn, tables)
    times, rows, buffers, nodes = [], [], [], set()
    for lon, lat in where:
        x1, y1, x2, y2 = spatial.search_box(lon, lat, spatial.RADIUS_M)
        plan = conn.execute(
            sa.text(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {statement}"),
            {"x1": x1, "y1": y1, "x2": x2, "y2": y2},
        ).scalar_one()[0]
        top = plan["Plan"]
        times.append(plan["Execution Time"])
        rows.append(top["Actual Rows"])
        buffers.append(top.get("Shared Hit Blocks", 0) + top.get("Shared Read Blocks", 0))
        nodes.add(_shape(top))
    return (
        f"{'/'.join(sorted(nodes))}, server time p50 {statistics.median(times):.2f} ms, "
        f"{statistics.mean(rows):.1f} rows returned, "
        f"{statistics.median(buffers):,.0f} buffers touched (p50)"
    )


def _shape(node: dict[str, Any]) -> str:
    """The plan's nodes from the top down, e.g. "Gather (2 workers) > Parallel Seq Scan"."""
    names = []
    while True:
        workers = node.get("Workers Planned")
        parallel = "Parallel " if node.get("Parallel Aware") else ""
        names.append(
            f"{parallel}{node['Node Type']}" + (f" ({workers} workers)" if workers else "")
        )
        if not node.get("Plans"):
            return " > ".join(names)
        node = node["Plans"][0]


def _band_query(conn: sa.Connection, tables: Any) -> str:
    """The band query of spatial.py, its spans already read (as it reads them first)."""
    e, b = tables.extent, tables.boxes
    spans = conn.execute(sa.select(e.c.lat_span, e.c.lon_span).where(e.c.id == 1)).one()
    return (
        f"SELECT neighbourhood_id, boundary FROM {b.name} "
        f"WHERE min_lat BETWEEN :y1 - {spans.lat_span!r} AND :y2 "
        f"AND min_lon BETWEEN :x1 - {spans.lon_span!r} AND :x2 "
        "AND max_lat >= :y1 AND max_lon >= :x1"
    )


def round_trip(conn: sa.Connection, n: int = 300) -> str:
    """The floor under any lookup through this connection: `SELECT 1`, median latency."""
    latencies = []
    for _ in range(n):
        t0 = time.perf_counter()
        conn.execute(sa.text("SELECT 1")).scalar_one()
        latencies.append(time.perf_counter() - t0)
    return f"p50 {statistics.median(latencies) * 1000:.2f} ms through SQLAlchemy and psycopg"
