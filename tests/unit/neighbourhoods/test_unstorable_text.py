"""Founding or joining appends to two streams (the resident's place, then the roster): when an
event of the roster cannot be stored, nothing is written and no place is held."""

from __future__ import annotations

import uuid

import pytest

from contracts import InvalidEventData
from neighbourhoods.domain.places import resident_stream
from tests.unit.neighbourhoods import HOME, home, square
from tests.unit.neighbourhoods.world import world


def test_a_founding_whose_name_cannot_be_stored_reserves_no_place() -> None:
    w, founder = world(), uuid.uuid4()
    for _ in range(3):
        with pytest.raises(InvalidEventData):
            w.handlers.create(
                uuid.uuid4(), founder, "Les Lilas \ud800", "", square(HOME), home(HOME)
            )
    assert w.store.head() is None
    assert w.store.read_stream(resident_stream(founder)) == []
    founded = {w.found(founder) for _ in range(3)}  # the whole allowance is still there
    assert len(founded) == 3


def test_a_founding_whose_description_cannot_be_stored_reserves_no_place() -> None:
    w, founder = world(), uuid.uuid4()
    with pytest.raises(InvalidEventData):
        w.handlers.create(uuid.uuid4(), founder, "Les Lilas", "\udc00", square(HOME), home(HOME))
    assert w.store.head() is None
