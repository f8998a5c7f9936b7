"""The demo address base: generated, clearly fake, and laid out so distances mean something."""

from __future__ import annotations

import csv
import io
import itertools
import math
from collections import defaultdict

import pytest

from identity.adapters.geocoder import BAN_COLUMNS, DEMO_CSV
from identity.data import make_demo_ban


def _rows() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(DEMO_CSV.read_text(encoding="utf-8")), delimiter=";"))


def test_the_committed_file_is_what_the_generator_writes() -> None:
    assert DEMO_CSV.read_text(encoding="utf-8") == make_demo_ban.render()


def test_it_has_the_ban_columns_and_every_id_says_demo() -> None:
    header = DEMO_CSV.read_text(encoding="utf-8").splitlines()[0]
    assert tuple(header.split(";")) == BAN_COLUMNS
    rows = _rows()
    assert 300 <= len(rows) <= 600
    assert all(r["id"].startswith("demo_") for r in rows)
    assert len({r["id"] for r in rows}) == len(rows)
    assert len({r["nom_voie"] for r in rows}) == 20


def _metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    dlat = (b[0] - a[0]) * 111_132.0
    dlon = (b[1] - a[1]) * 111_320.0 * math.cos(math.radians(a[0]))
    return math.hypot(dlat, dlon)


def test_parallel_streets_lie_between_100_and_500_metres_apart() -> None:
    lat_of: dict[str, list[float]] = defaultdict(list)
    for r in _rows():
        lat_of[r["nom_voie"]].append(float(r["lat"]))
    east_west = ["Rue de la Paix", "Grande Rue", "Rue Jean Jaurès", "Rue du Général de Gaulle"]
    middles = [sum(lat_of[s]) / len(lat_of[s]) for s in east_west]
    for a, b in itertools.pairwise(middles):
        gap = abs(b - a) * 111_132.0
        assert 100 <= gap <= 500


def test_the_town_spans_a_couple_of_kilometres() -> None:
    points = [(float(r["lat"]), float(r["lon"])) for r in _rows()]
    south_west = (min(p[0] for p in points), min(p[1] for p in points))
    north_east = (max(p[0] for p in points), max(p[1] for p in points))
    assert 1500 <= _metres(south_west, north_east) <= 5000


def test_lambert93_x_y_agree_with_lat_lon() -> None:
    origin = make_demo_ban.lambert93(46.5, 3.0)
    assert origin == pytest.approx((700_000.0, 6_600_000.0), abs=1e-6)
    row = _rows()[0]
    x, y = make_demo_ban.lambert93(float(row["lat"]), float(row["lon"]))
    assert abs(x - float(row["x"])) < 1 and abs(y - float(row["y"])) < 1
