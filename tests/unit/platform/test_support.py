"""The helpers every tier shares (tests/support) do what the tests rely on."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
import shapely

from tests.support import METRES_PER_DEGREE, Clock, eventually, square


def test_eventually_returns_the_first_truthy_value() -> None:
    answers = iter([None, 0, "", "ready"])
    assert eventually(lambda: next(answers), interval=0, what="ready") == "ready"


def test_eventually_fails_naming_what_it_waited_for_never_the_value() -> None:
    calls = itertools.count()
    with pytest.raises(AssertionError) as failed:
        eventually(lambda: next(calls) < 0, timeout=0.05, interval=0.01, what="the marker")
    assert str(failed.value) == "not within 0.05 s: the marker"
    assert next(calls) > 1


def test_eventually_lets_an_error_of_the_check_through() -> None:
    def broken() -> bool:
        raise LookupError("no such table")

    with pytest.raises(LookupError):
        eventually(broken, what="never")


def test_a_clock_of_seconds_and_a_clock_of_datetimes_move_alike() -> None:
    seconds = Clock(1_800_000_000.0)
    seconds.advance(90)
    assert seconds() == 1_800_000_090.0
    t0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    dates = Clock(t0)
    dates.advance(90)
    assert dates() == t0 + timedelta(seconds=90)
    dates.now = t0
    assert dates() == t0


def test_a_square_measures_what_it_says_and_moves_east() -> None:
    lon, lat = 4.868, 46.665
    shape = shapely.geometry.shape(square(lon, lat, 500))
    assert shape.is_valid and shape.exterior.is_ccw
    assert shape.centroid.x == pytest.approx(lon) and shape.centroid.y == pytest.approx(lat)
    height_m = (shape.bounds[3] - shape.bounds[1]) * METRES_PER_DEGREE
    assert height_m == pytest.approx(1000)
    moved = shapely.geometry.shape(square(lon, lat, 500, east_m=1000))
    assert moved.bounds[0] == pytest.approx(shape.bounds[2])
