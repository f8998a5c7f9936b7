"""Folds remembered between commands (services/eventstore/folds.py, docs/decisions/0071): a
command on a remembered stream reads only the events appended since the last, and decides,
repeats and retries as on the whole stream."""

from __future__ import annotations

import uuid
from typing import Any

from contracts import Metadata
from services.eventstore import connect
from services.eventstore.folds import Fold, Folds
from tests.support.stream_reads import CountedReads
from tests.unit.platform.test_eventstore_handling import (
    CODEC,
    Rivals,
    Shelves,
    ThingShelved,
    evolve,
    shelve,
)


def test_a_remembered_stream_is_read_from_where_the_last_command_left_it() -> None:
    store = CountedReads()
    shelves = Shelves(store, remember=True)  # type: ignore[arg-type]
    shelves.shelve(uuid.uuid4(), "drill")
    shelves.shelve(uuid.uuid4(), "ladder")
    shelves.shelve(uuid.uuid4(), "saw")
    assert store.reads == [0, 0, 1]  # the first read folds nothing: the stream was empty
    assert shelves.seen == [(), ("drill",), ("drill", "ladder")]
    assert shelves.things() == ["drill", "ladder", "saw"]


def test_what_another_writer_appended_meanwhile_is_folded_in() -> None:
    shelves = Shelves(remember=True)
    shelves.shelve(uuid.uuid4(), "drill")
    shelves.shelve(uuid.uuid4(), "ladder")
    rival = ThingShelved(shelves.shelf_id, "rake")
    shelves.store.append(shelves.stream, [CODEC.encode(rival, Metadata.start("system:rival"))])
    outcome = shelves.shelve(uuid.uuid4(), "saw", "rake", "hose")
    assert shelves.seen[-1] == ("drill", "ladder", "rake")
    assert outcome.events == ()  # the shelf is full: the rival's rake took the last place


def test_a_repeat_of_a_command_older_than_the_fold_answers_as_the_first_time() -> None:
    shelves, key = Shelves(remember=True), uuid.uuid4()
    first = shelves.shelve(key, "drill")
    shelves.shelve(uuid.uuid4(), "ladder")
    shelves.shelve(uuid.uuid4(), "saw")
    head = shelves.store.head()
    again = shelves.shelve(key, "drill")
    assert shelves.store.head() == head
    assert (again.position, again.events, again.appended) == (first.position, first.events, False)


def test_a_conflicting_append_is_decided_again_on_a_fresh_read() -> None:
    rivals = Rivals(times=1)
    shelves = Shelves(rivals, attempts=3, remember=True)  # type: ignore[arg-type]
    outcome = shelves.shelve(uuid.uuid4(), "drill", "ladder", "saw")
    assert shelves.seen == [(), ("rival-1",)]
    assert [e.thing for e in outcome.events] == ["drill", "ladder"]
    assert shelves.things() == ["rival-1", "drill", "ladder"]


def test_a_fold_the_stream_no_longer_holds_is_forgotten_at_the_first_conflict() -> None:
    shelves = Shelves(remember=True)
    shelves.shelve(uuid.uuid4(), "drill")
    shelves.shelve(uuid.uuid4(), "ladder")
    restored = connect("memory://")  # the store put back from a copy older than the fold
    shelves.handler._store = restored
    outcome = shelves.shelve(uuid.uuid4(), "saw")
    assert shelves.seen[-2:] == [("drill",), ()]  # the fold (to the first event), then the stream
    assert [e.thing for e in outcome.events] == ["saw"]
    assert [r.data["thing"] for r in restored.read_stream(shelves.stream)] == ["saw"]


def test_a_fold_is_kept_for_its_own_fold_only_and_the_oldest_is_forgotten_first() -> None:
    folds = Folds(size=2)

    def evolve(state: Any, event: Any) -> Any:
        return state

    fold = Fold((), evolve, ("drill",), 0, "1", {})
    folds.put("shelves.shelf-a", fold)
    assert folds.get("shelves.shelf-a", (), evolve) is fold
    assert folds.get("shelves.shelf-a", (), lambda s, e: s) is None  # another evolve
    folds.put("shelves.shelf-b", fold)
    folds.get("shelves.shelf-a", (), evolve)  # used: the most recent now
    folds.put("shelves.shelf-c", fold)
    assert len(folds) == 2
    assert folds.get("shelves.shelf-b", (), evolve) is None
    assert folds.get("shelves.shelf-a", (), evolve) is fold


def test_a_state_read_and_a_rehearsal_start_from_the_fold_and_keep_it() -> None:
    store = CountedReads()
    shelves = Shelves(store, remember=True)  # type: ignore[arg-type]
    shelves.shelve(uuid.uuid4(), "drill")
    shelves.shelve(uuid.uuid4(), "ladder")
    rival = ThingShelved(shelves.shelf_id, "rake")
    store.append(shelves.stream, [CODEC.encode(rival, Metadata.start("system:rival"))])
    del store.reads[:]
    state = shelves.handler.state(shelves.stream, (), evolve, remember=True)
    assert state == ("drill", "ladder", "rake")
    meta = Metadata.start("system:tests", uuid.uuid4())
    decided: list[tuple[str, ...]] = []

    def watched(state: tuple[str, ...]) -> Any:
        decided.append(state)
        return shelve(shelves.shelf_id, "saw")(state)

    shelves.handler.rehearse(shelves.stream, uuid.uuid4(), meta, (), evolve, watched, remember=True)
    assert decided == [("drill", "ladder", "rake")]
    # From after the drill (the fold is to what the last command read), then after the rake.
    assert store.reads == [1, 3]
    assert shelves.things() == ["drill", "ladder", "rake"]  # a rehearsal appends nothing


def test_folds_are_forgotten_once_their_events_pass_the_budget_the_last_one_kept() -> None:
    folds = Folds(size=10, events=5)

    def evolve(state: Any, event: Any) -> Any:
        return state

    def fold(version: int) -> Fold:  # a stream of version + 1 events
        return Fold((), evolve, (), version, str(version), {})

    folds.put("shelves.shelf-a", fold(1))
    folds.put("shelves.shelf-b", fold(1))
    folds.put("shelves.shelf-a", fold(2))  # a again, longer now: 3 + 2 events
    assert len(folds) == 2
    folds.put("shelves.shelf-c", fold(0))  # 6 events: b, the least recent, goes
    assert folds.get("shelves.shelf-b", (), evolve) is None
    assert folds.get("shelves.shelf-a", (), evolve) is not None
    folds.put("shelves.shelf-d", fold(9))  # longer than the budget alone: kept, alone
    assert len(folds) == 1 and folds.get("shelves.shelf-d", (), evolve) is not None
    folds.forget("shelves.shelf-d")
    folds.put("shelves.shelf-e", fold(4))
    assert len(folds) == 1  # what was forgotten no longer counts
