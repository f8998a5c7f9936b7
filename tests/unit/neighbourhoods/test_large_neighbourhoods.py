"""A neighbourhood's stream grows with its members, and every command on it reads it: its fold is
remembered between commands (docs/decisions/0072), so a join reads the events since the last
command, not the neighbourhood's whole history; what another process appended is still seen."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from neighbourhoods.commands import Settings
from neighbourhoods.domain.errors import AlreadyMember
from neighbourhoods.domain.neighbourhood import INITIAL, evolve, neighbourhood_stream
from neighbourhoods.handlers import NeighbourhoodHandlers
from services.eventstore.folds import Fold
from tests.support.collector import remembered, walked_from
from tests.unit.neighbourhoods import HOME, home, north
from tests.unit.neighbourhoods.world import world

MEMBERS = 40


def _reads_of(store: Any, stream: str) -> list[int]:
    """Record the version each read of `stream` starts from."""
    reads: list[int] = []
    inner = store.read_stream

    def read_stream(name: str, from_version: int = 0) -> Any:
        if name == stream:
            reads.append(from_version)
        return inner(name, from_version)

    store.read_stream = read_stream
    return reads


def test_a_join_reads_only_what_the_neighbourhood_recorded_since_the_last_command() -> None:
    w = world()
    nid = w.found()
    for _ in range(MEMBERS):
        w.join(nid, uuid.uuid4())
    reads = _reads_of(w.store, neighbourhood_stream(nid))
    newcomer = uuid.uuid4()
    w.join(nid, newcomer)
    # Creation, founder and members: MEMBERS + 2 events at least before this join.
    assert reads and min(reads) >= MEMBERS + 2
    state = w.handlers.neighbourhood(nid)
    assert len(state.members) == MEMBERS + 2
    assert state.member(newcomer) is not None


def test_what_another_process_recorded_is_folded_in_before_deciding() -> None:
    w = world()
    nid = w.found()
    for _ in range(3):
        w.join(nid, uuid.uuid4())
    other = NeighbourhoodHandlers(w.store, w.codec, w.clock, Settings())  # type: ignore[arg-type]
    rid = uuid.uuid4()
    other.join(uuid.uuid4(), nid, rid, home(north(HOME, 100)))
    assert w.handlers.neighbourhood(nid).member(rid) is not None
    with pytest.raises(AlreadyMember):
        w.join(nid, rid)
    founder = w.handlers.neighbourhood(nid).founder_id
    assert founder is not None and founder in w.handlers.neighbourhood(nid).moderators


def _remembered(w: Any, nid: uuid.UUID) -> Fold:
    """The fold the handlers remember for the neighbourhood, its indexes built as a command
    builds them."""
    assert w.handlers.neighbourhood(nid).member(uuid.uuid4()) is None
    return remembered(w.handlers, neighbourhood_stream(nid), INITIAL, evolve)


def _arrive_and_go(w: Any, nid: uuid.UUID, joins: int, leaves: int) -> None:
    residents = [uuid.uuid4() for _ in range(joins)]
    for rid in residents:
        w.join(nid, rid)
    for rid in residents[:leaves]:
        w.handlers.leave(uuid.uuid4(), nid, rid)


def test_a_remembered_neighbourhood_costs_the_collector_nothing_per_member() -> None:
    # A fold is remembered for as long as the process decides on it (0072): every member, past
    # member and event id it held as objects of their own lengthened each full pass of the
    # collector (0076).
    w = world()
    nid = w.found()
    _arrive_and_go(w, nid, 5, 2)
    few = walked_from(_remembered(w, nid))
    _arrive_and_go(w, nid, MEMBERS, MEMBERS // 2)
    fold = _remembered(w, nid)
    sizes = len(fold.ids), fold.state.member_count, len(fold.state.ended)
    walked = walked_from(fold)
    assert sizes >= (MEMBERS + 7, MEMBERS // 2, MEMBERS // 2) and walked == few
