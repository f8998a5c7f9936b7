"""A founding that crashed between reserving the founder's place and recording the neighbourhood:
the stale reservations policy's command frees that place once it is stale, without waiting for
the founder's next founding or join."""

from __future__ import annotations

import uuid

import pytest

from contracts.neighbourhoods.events import JoinCancelled, MembershipReleased
from neighbourhoods.domain.errors import JoinWasCancelled, TooManyNeighbourhoods
from tests.unit.neighbourhoods import HOME, T0, east, home, minutes, square
from tests.unit.neighbourhoods.world import Crash, world


def test_a_place_held_by_a_crashed_founding_is_freed_once_stale() -> None:
    w, founder, crashed = world(), uuid.uuid4(), uuid.uuid4()
    w.found(founder)
    w.found(founder, east(HOME, 3000))
    w.store.fail_next_append("neighbourhoods.neighbourhood")
    with pytest.raises(Crash):
        w.handlers.create(crashed, founder, "Les Lilas", "", square(), home())
    assert len(w.handlers.places(founder).places) == 3

    w.clock.now = T0 + minutes(1)
    assert w.handlers.release_stale_reservations([founder]) == []  # may still be on its way
    w.clock.now = T0 + minutes(6)
    assert w.handlers.release_stale_reservations([founder]) == [founder]
    released = w.of_resident(founder)[-1]
    assert isinstance(released, MembershipReleased) and released.cause == "cancelled"
    assert len(w.handlers.places(founder).places) == 2
    head = w.store.head()
    assert w.handlers.release_stale_reservations([founder]) == []
    assert w.store.head() == head

    # The allowance is back, and the crashed founding, retried, knows it was cancelled.
    w.found(founder, east(HOME, 6000))
    with pytest.raises(TooManyNeighbourhoods):
        w.found(founder, east(HOME, 9000))
    with pytest.raises(JoinWasCancelled):
        w.handlers.create(crashed, founder, "Les Lilas", "", square(), home())


def test_a_join_that_arrived_is_never_cancelled() -> None:
    w, rid = world(), uuid.uuid4()
    nid = w.found()
    w.join(nid, rid)
    w.clock.now = T0 + minutes(60)
    assert w.handlers.release_stale_reservations([rid]) == []
    assert w.handlers.neighbourhood(nid).member(rid) is not None
    assert not any(isinstance(e, JoinCancelled) for e in w.of_neighbourhood(nid))
