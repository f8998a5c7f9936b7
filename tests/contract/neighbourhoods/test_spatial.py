"""The spatial lookup of neighbourhoods around a point, on SQLite with its R*Tree, on SQLite's
plain b-tree and on PostgreSQL: the index only narrows, shapely decides."""

from __future__ import annotations

import functools
import random
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import shapely
import sqlalchemy as sa

from neighbourhoods.projections import spatial
from services.subscriptions import connect_database
from services.subscriptions.database import create_all
from tests import support
from tests.conftest import drop_schema, fresh_postgres_url
from tests.support import eventually

HOME = (4.8623, 46.6621)  # lon, lat: 12 rue de la Paix, Bourg-Démo


def square(lon: float, lat: float, half_m: float, east_m: float = 0.0) -> Any:
    """As tests.support.square, as a shapely polygon (what the index takes)."""
    return shapely.geometry.shape(support.square(lon, lat, half_m, east_m))


@pytest.fixture(params=["sqlite-rtree", "sqlite-btree", "postgres"])
def spatial_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    postgres = request.param == "postgres"
    url = fresh_postgres_url() if postgres else f"sqlite:///{tmp_path}/read.db"
    engine = connect_database(url)
    metadata = sa.MetaData()
    define = functools.partial(spatial.define, rtree=request.param != "sqlite-btree")
    tables = define(metadata, "_v1")
    create_all(engine, metadata)
    yield SimpleNamespace(engine=engine, tables=tables, kind=request.param)
    engine.dispose()
    if request.param == "postgres":
        drop_schema(url)


def around(db: Any, lon: float, lat: float) -> list[spatial.Nearby]:
    with db.engine.connect() as conn:
        return spatial.near(conn, db.tables, lon, lat)


def test_containing_neighbourhoods_come_first_then_those_within_a_kilometre_nearest_first(
    spatial_db: Any,
) -> None:
    ids = {name: str(uuid.uuid4()) for name in ("small", "large", "east", "west", "far")}
    with spatial_db.engine.begin() as tx:
        spatial.place(tx, spatial_db.tables, ids["large"], square(*HOME, 600))
        spatial.place(tx, spatial_db.tables, ids["small"], square(*HOME, 100))
        spatial.place(tx, spatial_db.tables, ids["east"], square(*HOME, 100, east_m=900))
        spatial.place(tx, spatial_db.tables, ids["west"], square(*HOME, 100, east_m=-500))
        spatial.place(tx, spatial_db.tables, ids["far"], square(*HOME, 100, east_m=1200))
    found = around(spatial_db, *HOME)
    assert [f.neighbourhood_id for f in found] == [
        ids["small"],
        ids["large"],
        ids["west"],
        ids["east"],
    ]
    assert [f.contains for f in found] == [True, True, False, False]
    # The squares are drawn on a sphere, measured on the ellipsoid: 0.3 % apart here.
    assert abs(found[2].distance_m - 400) < 4 and abs(found[3].distance_m - 800) < 8
    if spatial_db.kind == "sqlite-rtree":
        assert spatial_db.tables.rtree is True, "the R*Tree was used"


def test_a_moved_boundary_is_found_where_it_now_lies_and_a_removed_one_nowhere(
    spatial_db: Any,
) -> None:
    nid = str(uuid.uuid4())
    with spatial_db.engine.begin() as tx:
        spatial.place(tx, spatial_db.tables, nid, square(*HOME, 100))
        spatial.place(tx, spatial_db.tables, nid, square(*HOME, 100, east_m=5000))
    assert around(spatial_db, *HOME) == []
    moved = square(*HOME, 1, east_m=5000).centroid
    assert [f.neighbourhood_id for f in around(spatial_db, moved.x, moved.y)] == [nid]
    with spatial_db.engine.begin() as tx:
        spatial.remove(tx, spatial_db.tables, nid)
    assert around(spatial_db, moved.x, moved.y) == []


def test_the_index_finds_exactly_what_a_full_scan_finds(spatial_db: Any) -> None:
    rng = random.Random(7)
    shapes: dict[str, Any] = {}
    for _ in range(1500):
        lon, lat = 4.80 + rng.random() * 0.15, 46.62 + rng.random() * 0.10
        half = rng.uniform(50, 600)
        shapes[str(uuid.uuid4())] = shapely.Point(lon, lat).buffer(
            half / spatial.METRES_PER_DEGREE, quad_segs=rng.randint(1, 4)
        )
    with spatial_db.engine.begin() as tx:
        spatial.place_many(tx, spatial_db.tables, shapes.items())
    everything = shapely.from_wkb([shapely.to_wkb(g) for g in shapes.values()])
    for _ in range(40):
        lon, lat = 4.80 + rng.random() * 0.15, 46.62 + rng.random() * 0.10
        scanned = spatial.exact(list(shapes), everything, lon, lat)
        assert around(spatial_db, lon, lat) == scanned
        assert all(f.distance_m <= spatial.RADIUS_M for f in scanned)


def tall(lon: float, lat: float) -> Any:
    """A narrow strip 20 km tall whose top edge is 200 m north of (lon, lat)."""
    return shapely.box(lon - 0.001, lat - 0.18, lon + 0.001, lat + 0.0018)


def test_a_lookup_is_one_statement(spatial_db: Any) -> None:
    with spatial_db.engine.begin() as tx:
        spatial.place(tx, spatial_db.tables, str(uuid.uuid4()), square(*HOME, 100))
    sent: list[str] = []

    def count(*args: Any) -> None:
        sent.append(args[2])

    with spatial_db.engine.connect() as conn:
        spatial.near(conn, spatial_db.tables, *HOME)  # its transaction begun, the index known
        sa.event.listen(spatial_db.engine, "before_cursor_execute", count)
        try:
            for _ in range(3):
                assert len(spatial.near(conn, spatial_db.tables, *HOME)) == 1
        finally:
            sa.event.remove(spatial_db.engine, "before_cursor_execute", count)
    assert len(sent) == 3, sent


def test_a_neighbourhood_taller_than_any_before_is_found_from_near_its_top(
    spatial_db: Any,
) -> None:
    small, strip = str(uuid.uuid4()), str(uuid.uuid4())
    with spatial_db.engine.begin() as tx:
        spatial.place(tx, spatial_db.tables, small, square(*HOME, 100, east_m=-500))
    assert [f.neighbourhood_id for f in around(spatial_db, *HOME)] == [small]
    with spatial_db.engine.begin() as tx:
        spatial.place(tx, spatial_db.tables, strip, tall(*HOME))
    found = around(spatial_db, *HOME)
    assert [(f.neighbourhood_id, f.contains) for f in found] == [(strip, True), (small, False)]
    with spatial_db.engine.begin() as tx:  # the tallest gone, a box moved: the band still serves
        spatial.remove(tx, spatial_db.tables, strip)
        spatial.place(tx, spatial_db.tables, small, square(*HOME, 300))
    assert [(f.neighbourhood_id, f.contains) for f in around(spatial_db, *HOME)] == [(small, True)]


def test_concurrent_placements_never_narrow_the_band(postgres_url: str) -> None:
    """The second writer's box is taller than the first seen, shorter than the strip it waits on:
    choosing the larger span from what it read before waiting would lose the strip's."""
    engine = connect_database(postgres_url)
    metadata = sa.MetaData()
    tables = spatial.define(metadata, "_v1")
    create_all(engine, metadata)
    strip, wide = str(uuid.uuid4()), str(uuid.uuid4())
    with engine.begin() as tx:
        spatial.place(tx, tables, str(uuid.uuid4()), square(*HOME, 100, east_m=5000))
    waiting: list[int] = []

    def place_wide() -> None:
        with engine.begin() as tx:
            waiting.append(tx.execute(sa.text("SELECT pg_backend_pid()")).scalar_one())
            spatial.place(tx, tables, wide, square(*HOME, 1000, east_m=20_000))

    with engine.begin() as first:
        spatial.place(first, tables, strip, tall(*HOME))  # the span raised, not yet committed
        other = threading.Thread(target=place_wide)
        other.start()
        with engine.connect() as watch:
            eventually(
                lambda: _waits_on_a_lock(watch, waiting),
                timeout=10,
                interval=0.02,
                what="the second placement waits for the first",
            )
    other.join(10)
    db = SimpleNamespace(engine=engine, tables=tables)
    found = [f.neighbourhood_id for f in around(db, *HOME)]
    beside = square(*HOME, 1, east_m=20_000).centroid
    found_beside = [f.neighbourhood_id for f in around(db, beside.x, beside.y)]
    engine.dispose()
    assert found == [strip] and found_beside == [wide]


def _waits_on_a_lock(conn: sa.Connection, pids: list[int]) -> bool:
    if not pids:
        return False
    state = conn.execute(
        sa.text("SELECT wait_event_type FROM pg_stat_activity WHERE pid = :pid"), {"pid": pids[0]}
    ).scalar()
    conn.rollback()
    return state == "Lock"
