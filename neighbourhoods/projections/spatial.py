"""Which neighbourhoods are around a point: those containing it, then those within 1 km, nearest
first, fast with 100,000 neighbourhoods (bench/neighbourhoods.py measures it).

Two steps. The database narrows the search to the few neighbourhoods whose bounding box meets
the point's 1 km box: on SQLite an R*Tree virtual table kept in step with the boxes by triggers
(where the SQLite build has the R*Tree module); elsewhere (PostgreSQL, without PostGIS, or SQLite
without R*Tree) a b-tree on (min_lat, min_lon) searched over a band: a box can only meet the
query box if its min_lat lies within the tallest box's height below it (likewise in longitude),
which a one-row table keeps. That row only grows, raised in SQL so that concurrent writers cannot
lower it, and stays as it is when boxes shrink or go: a band too wide costs a few rows, never a
neighbour. The band query reads it in subqueries, so a lookup is one statement on every backend,
its text built once per table generation. Then shapely decides exactly on those few candidates:
containment on the boundary as stored (lon, lat), distance in metres in a local projection
centred on the point (as domain/geometry.py measures), whose error is far below a metre at 1 km.

Boundaries are stored as WKB beside their boxes. Neighbourhoods crossing the antimeridian are not
expected (the platform serves France) and are not handled.

    tables = define(metadata, "_v1")
    place(tx, tables, neighbourhood_id, polygon)
    near(conn, tables, lon=4.86, lat=46.66)  # -> [Nearby(neighbourhood_id, contains, distance_m)]
"""

from __future__ import annotations

import functools
import math
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import numpy as np
import shapely
import sqlalchemy as sa
from shapely.geometry.base import BaseGeometry
from sqlalchemy.engine import Connection

from neighbourhoods.domain.geometry import E2, SEMI_MAJOR_M
from services.subscriptions.columns import serial_id

RADIUS_M = 1000.0
METRES_PER_DEGREE = 6_371_008.8 * math.pi / 180  # mean Earth radius
_MARGIN = 1.01  # degrees of margin on the candidate box: rounding never loses a neighbour


@dataclass(frozen=True)
class Nearby:
    """A neighbourhood around the point: containing it (distance 0) or `distance_m` from it."""

    neighbourhood_id: str
    contains: bool
    distance_m: float


def define(metadata: sa.MetaData, suffix: str, rtree: bool = True) -> SimpleNamespace:
    """The spatial tables of one read-model generation; `rtree=False` keeps SQLite on the plain
    b-tree (the benchmark compares both)."""
    boxes = sa.Table(
        f"neighbourhoods_boxes{suffix}",
        metadata,
        serial_id(),
        sa.Column("neighbourhood_id", sa.String(36), nullable=False, unique=True),
        sa.Column("min_lon", sa.Float, nullable=False),
        sa.Column("max_lon", sa.Float, nullable=False),
        sa.Column("min_lat", sa.Float, nullable=False),
        sa.Column("max_lat", sa.Float, nullable=False),
        sa.Column("boundary", sa.LargeBinary, nullable=False),
        sa.Index(f"neighbourhoods_boxes{suffix}_band", "min_lat", "min_lon"),
    )
    extent = sa.Table(
        f"neighbourhoods_box_extent{suffix}",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("lat_span", sa.Float, nullable=False),
        sa.Column("lon_span", sa.Float, nullable=False),
    )
    rtree_name = f"neighbourhoods_boxes_rtree{suffix}"
    if rtree:
        sa.event.listen(boxes, "after_create", _create_rtree(boxes.name, rtree_name))
    sa.event.listen(boxes, "after_drop", _drop_rtree(rtree_name))
    return SimpleNamespace(boxes=boxes, extent=extent, rtree_name=rtree_name, rtree=None)


def place(
    tx: Connection, t: SimpleNamespace, neighbourhood_id: uuid.UUID | str, boundary: Any
) -> None:
    """Index (or move) a neighbourhood's boundary: a shapely (Multi)Polygon in (lon, lat)."""
    place_many(tx, t, [(neighbourhood_id, boundary)])


def place_many(
    tx: Connection, t: SimpleNamespace, items: Iterable[tuple[uuid.UUID | str, BaseGeometry]]
) -> None:
    rows = []
    for nid, boundary in items:
        min_lon, min_lat, max_lon, max_lat = boundary.bounds
        rows.append(
            {
                "neighbourhood_id": str(nid),
                "min_lon": min_lon,
                "max_lon": max_lon,
                "min_lat": min_lat,
                "max_lat": max_lat,
                "boundary": shapely.to_wkb(boundary),
            }
        )
    if not rows:
        return
    b = t.boxes
    tx.execute(b.delete().where(b.c.neighbourhood_id.in_([r["neighbourhood_id"] for r in rows])))
    tx.execute(b.insert(), rows)
    spans = {
        "lat_span": max(r["max_lat"] - r["min_lat"] for r in rows),
        "lon_span": max(r["max_lon"] - r["min_lon"] for r in rows),
    }
    tx.execute(_grow_extent(t.extent.name), spans)


def remove(tx: Connection, t: SimpleNamespace, neighbourhood_id: uuid.UUID | str) -> None:
    tx.execute(t.boxes.delete().where(t.boxes.c.neighbourhood_id == str(neighbourhood_id)))


def near(
    conn: Connection, t: SimpleNamespace, lon: float, lat: float, radius_m: float = RADIUS_M
) -> list[Nearby]:
    """The neighbourhoods containing (lon, lat), smallest first, then those within `radius_m`
    metres of it, nearest first."""
    candidates = _candidates(conn, t, lon, lat, radius_m)
    if not candidates:
        return []
    ids = [c[0] for c in candidates]
    geometries = shapely.from_wkb([c[1] for c in candidates])
    return exact(ids, geometries, lon, lat, radius_m)


def exact(
    ids: list[str], geometries: Any, lon: float, lat: float, radius_m: float = RADIUS_M
) -> list[Nearby]:
    """The exact test on candidate boundaries (an array of shapely geometries in lon, lat)."""
    local = to_local_metres(geometries, lon, lat)
    origin = shapely.Point(0.0, 0.0)
    inside = shapely.intersects(local, origin)
    distances = shapely.distance(local, origin)
    areas = shapely.area(local)
    found = [
        (not bool(inside[i]), float(areas[i]) if inside[i] else float(distances[i]), ids[i], i)
        for i in range(len(ids))
        if inside[i] or distances[i] <= radius_m
    ]
    found.sort()
    return [
        Nearby(nid, not outside, 0.0 if not outside else float(distances[i]))
        for outside, _, nid, i in found
    ]


def to_local_metres(geometries: Any, lon: float, lat: float) -> Any:
    """Geometries in metres east and north of (lon, lat), scaled by the WGS84 ellipsoid's radii
    of curvature there, as domain/geometry.py measures a home's distance to a boundary."""
    phi = math.radians(lat)
    w = 1 - E2 * math.sin(phi) ** 2
    meridian = SEMI_MAJOR_M * (1 - E2) / w**1.5
    prime_vertical = SEMI_MAJOR_M / math.sqrt(w)
    scale = np.array([math.radians(1) * prime_vertical * math.cos(phi), math.radians(1) * meridian])
    centre = np.array([lon, lat])
    return shapely.transform(geometries, lambda xy: (xy - centre) * scale)


def search_box(lon: float, lat: float, radius_m: float) -> tuple[float, float, float, float]:
    """(min_lon, min_lat, max_lon, max_lat) holding every point within `radius_m` of (lon, lat)."""
    dlat = radius_m / METRES_PER_DEGREE * _MARGIN
    cos = math.cos(math.radians(min(abs(lat) + dlat, 89.9)))
    dlon = min(180.0, radius_m / (METRES_PER_DEGREE * cos) * _MARGIN)
    return lon - dlon, lat - dlat, lon + dlon, lat + dlat


def _candidates(
    conn: Connection, t: SimpleNamespace, lon: float, lat: float, radius_m: float
) -> list[tuple[str, bytes]]:
    x1, y1, x2, y2 = search_box(lon, lat, radius_m)
    found = conn.execute(_lookup(conn, t), {"x1": x1, "y1": y1, "x2": x2, "y2": y2})
    return [(r[0], r[1]) for r in found]


def _lookup(conn: Connection, t: SimpleNamespace) -> sa.TextClause:
    if t.rtree is None:
        t.rtree = conn.dialect.name == "sqlite" and bool(
            conn.execute(
                sa.text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :n"),
                {"n": t.rtree_name},
            ).first()
        )
    return _lookup_statement(t.boxes.name, t.extent.name, t.rtree_name if t.rtree else None)


@functools.lru_cache(maxsize=64)
def _lookup_statement(boxes: str, extent: str, rtree: str | None) -> sa.TextClause:
    """The candidates' statement, the same text for every lookup of a table generation: built
    (and compiled, in SQLAlchemy's cache) once."""
    if rtree:
        return sa.text(
            f"SELECT b.neighbourhood_id, b.boundary FROM {boxes} b "
            f"JOIN {rtree} r ON r.id = b.id "
            "WHERE r.min_lon <= :x2 AND r.max_lon >= :x1 "
            "AND r.min_lat <= :y2 AND r.max_lat >= :y1"
        )
    # Scalar subqueries rather than a join: both planners compute them once, before the scan,
    # and bound the index range with them (PostgreSQL's InitPlan); no row yet reads NULL and
    # finds nothing, as there is nothing to find.
    return sa.text(
        f"SELECT neighbourhood_id, boundary FROM {boxes} "
        f"WHERE min_lat BETWEEN :y1 - (SELECT lat_span FROM {extent} WHERE id = 1) AND :y2 "
        f"AND min_lon BETWEEN :x1 - (SELECT lon_span FROM {extent} WHERE id = 1) AND :x2 "
        "AND max_lat >= :y1 AND max_lon >= :x1"
    )


@functools.lru_cache(maxsize=64)
def _grow_extent(extent: str) -> sa.TextClause:
    # The larger span is chosen against the row as it is when the upsert takes its lock (both
    # SQLite and PostgreSQL), not as read earlier: two writers cannot lower it, nor both insert.
    return sa.text(
        f"INSERT INTO {extent} (id, lat_span, lon_span) VALUES (1, :lat_span, :lon_span) "
        "ON CONFLICT (id) DO UPDATE SET "
        f"lat_span = CASE WHEN excluded.lat_span > {extent}.lat_span "
        f"THEN excluded.lat_span ELSE {extent}.lat_span END, "
        f"lon_span = CASE WHEN excluded.lon_span > {extent}.lon_span "
        f"THEN excluded.lon_span ELSE {extent}.lon_span END "
        f"WHERE excluded.lat_span > {extent}.lat_span OR excluded.lon_span > {extent}.lon_span"
    )


def _create_rtree(boxes: str, rtree: str) -> Any:
    columns = "min_lon, max_lon, min_lat, max_lat"

    def create(_target: Any, conn: Connection, **_kw: Any) -> None:
        if conn.dialect.name != "sqlite":
            return
        try:
            with conn.begin_nested():
                conn.exec_driver_sql(f"CREATE VIRTUAL TABLE {rtree} USING rtree(id, {columns})")
        except sa.exc.OperationalError:
            return  # this SQLite was built without R*Tree: the b-tree band serves instead
        new = "new.id, new.min_lon, new.max_lon, new.min_lat, new.max_lat"
        for statement in (
            f"CREATE TRIGGER {boxes}_ai AFTER INSERT ON {boxes} BEGIN "
            f"INSERT INTO {rtree} (id, {columns}) VALUES ({new}); END",
            f"CREATE TRIGGER {boxes}_au AFTER UPDATE ON {boxes} BEGIN "
            f"DELETE FROM {rtree} WHERE id = old.id; "
            f"INSERT INTO {rtree} (id, {columns}) VALUES ({new}); END",
            f"CREATE TRIGGER {boxes}_ad AFTER DELETE ON {boxes} BEGIN "
            f"DELETE FROM {rtree} WHERE id = old.id; END",
        ):
            conn.exec_driver_sql(statement)

    return create


def _drop_rtree(rtree: str) -> Any:
    def drop(_target: Any, conn: Connection, **_kw: Any) -> None:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {rtree}")

    return drop
