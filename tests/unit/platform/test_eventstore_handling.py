"""The platform's command handling on a stream (StreamHandler), on a toy shelf of things: fold,
decide, append under the version read, retry on conflict, recognise a repeat by its event ids."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from marshmallow import Schema, fields

from contracts import InvalidEventData, Metadata, Registry, declare, default_registry
from services.eventstore import EventStore, NewEvent, WrongExpectedVersion, connect
from services.eventstore.codec import Codec
from services.eventstore.handling import (
    CONFLICT_ATTEMPTS,
    Outcome,
    StreamHandler,
    derived_id,
    event_id,
)
from services.eventstore.keyring import MemoryKeyring

LIMIT = 3


@dataclass(frozen=True)
class ThingShelved:
    shelf_id: uuid.UUID
    thing: str


class ThingShelvedSchema(Schema):
    shelf_id = fields.UUID(required=True)
    thing = fields.String(required=True)


def registry() -> Registry:
    contracts = default_registry()
    contracts.add(declare("shelves.ThingShelved", 1, ThingShelved, ThingShelvedSchema))
    return contracts


CODEC = Codec(registry(), MemoryKeyring(), b"k" * 32)


def evolve(state: tuple[str, ...], event: ThingShelved) -> tuple[str, ...]:
    return (*state, event.thing)


def shelve(shelf_id: uuid.UUID, *things: str) -> Any:
    """Shelve the things not on the shelf yet, as many as it has room for."""

    def decide(state: tuple[str, ...]) -> list[ThingShelved]:
        new = [t for t in things if t not in state][: LIMIT - len(state)]
        return [ThingShelved(shelf_id, t) for t in new]

    return decide


class Shelves:
    """A shelf's stream, its handler, and the states each decision was made on."""

    def __init__(
        self, store: EventStore | None = None, attempts: int = 3, remember: bool = False
    ) -> None:
        self.store = store or connect("memory://")
        self.remember = remember
        self.handler = StreamHandler(self.store, CODEC, attempts)
        self.shelf_id = uuid.uuid4()
        self.stream = f"shelves.shelf-{self.shelf_id}"
        self.seen: list[tuple[str, ...]] = []

    def shelve(self, key: uuid.UUID, *things: str, again: Any = None) -> Outcome:
        decide = shelve(self.shelf_id, *things)

        def watched(state: tuple[str, ...]) -> Sequence[Any]:
            self.seen.append(state)
            return decide(state)

        meta = Metadata.start("system:tests", key)
        return self.handler.execute(
            self.stream, key, meta, (), evolve, watched, again=again, remember=self.remember
        )

    def things(self) -> list[str]:
        return [e.thing for e in self.handler.read(self.stream)[1]]


def test_a_command_appends_what_it_decided_with_ids_made_from_its_key() -> None:
    shelves, key = Shelves(), uuid.uuid4()
    outcome = shelves.shelve(key, "drill", "ladder")
    recorded = shelves.store.read_stream(shelves.stream)
    assert outcome.appended and outcome.position == str(recorded[-1].position)
    assert [e.thing for e in outcome.events] == ["drill", "ladder"] == shelves.things()
    assert [r.event_id for r in recorded] == [event_id(key, shelves.stream, i) for i in (0, 1)]
    assert all(r.metadata["causation_id"] == str(key) for r in recorded)


def test_a_command_decides_on_the_state_folded_from_the_whole_stream() -> None:
    shelves = Shelves()
    shelves.shelve(uuid.uuid4(), "drill")
    outcome = shelves.shelve(uuid.uuid4(), "drill", "ladder", "saw", "rake")
    assert shelves.seen[-1] == ("drill",)
    assert [e.thing for e in outcome.events] == ["ladder", "saw"]


def test_a_repeat_appends_nothing_and_answers_as_the_first_time() -> None:
    shelves, key = Shelves(), uuid.uuid4()
    first = shelves.shelve(key, "drill", "ladder")
    shelves.shelve(uuid.uuid4(), "saw")
    head = shelves.store.head()
    again = shelves.shelve(key, "drill", "ladder")
    assert shelves.store.head() == head
    assert (again.position, again.events, again.appended) == (first.position, first.events, False)
    assert len(shelves.seen) == 2  # not decided again


def test_a_repeat_hands_again_the_state_the_first_attempt_decided_on() -> None:
    shelves, key = Shelves(), uuid.uuid4()
    shelves.shelve(uuid.uuid4(), "saw")
    shelves.shelve(key, "drill")
    shelves.shelve(uuid.uuid4(), "rake")
    states: list[tuple[str, ...]] = []
    shelves.shelve(key, "drill", again=states.append)
    assert states == [("saw",)]


def test_what_again_raises_reaches_the_caller() -> None:
    shelves, key = Shelves(), uuid.uuid4()
    shelves.shelve(key, "drill")

    def refuse(state: tuple[str, ...]) -> None:
        raise LookupError("refused again")

    with pytest.raises(LookupError, match="refused again"):
        shelves.shelve(key, "drill", again=refuse)


def test_a_command_deciding_nothing_appends_nothing_and_answers_the_streams_position() -> None:
    shelves = Shelves()
    assert shelves.shelve(uuid.uuid4()) == Outcome(None, (), False)
    shelves.shelve(uuid.uuid4(), "drill", "ladder", "saw")
    head = shelves.store.head()
    full = shelves.shelve(uuid.uuid4(), "rake")
    assert full == Outcome(str(head), (), False) and shelves.store.head() == head


class Rivals:
    """The event store, with another writer slipping an event into the stream just before each
    of the first `times` appends."""

    def __init__(self, times: int) -> None:
        self._store = connect("memory://")
        self._times = times
        self.appends = 0

    def append(self, stream: str, events: Sequence[NewEvent], **kwargs: Any) -> Any:
        self.appends += 1
        if self.appends <= self._times:
            rival = ThingShelved(uuid.uuid4(), f"rival-{self.appends}")
            self._store.append(stream, [CODEC.encode(rival, Metadata.start("system:rival"))])
        return self._store.append(stream, events, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def test_a_conflicting_append_is_decided_again_on_a_fresh_read() -> None:
    rivals = Rivals(times=1)
    shelves = Shelves(rivals, attempts=3)  # type: ignore[arg-type]
    outcome = shelves.shelve(uuid.uuid4(), "drill", "ladder", "saw")
    assert shelves.seen == [(), ("rival-1",)]
    assert [e.thing for e in outcome.events] == ["drill", "ladder"]
    assert shelves.things() == ["rival-1", "drill", "ladder"]


def test_conflicts_beyond_the_attempts_reach_the_caller_and_append_nothing_of_ours() -> None:
    rivals = Rivals(times=3)
    shelves = Shelves(rivals, attempts=2)  # type: ignore[arg-type]
    with pytest.raises(WrongExpectedVersion):
        shelves.shelve(uuid.uuid4(), "drill")
    assert rivals.appends == 2
    assert shelves.things() == ["rival-1", "rival-2"]


def _always_shelved(rivals: Rivals) -> Outcome:
    """One command that always decides a drill, handled with the platform's default attempts."""
    shelf_id, key = uuid.uuid4(), uuid.uuid4()
    handler = StreamHandler(rivals, CODEC)  # type: ignore[arg-type]
    return handler.execute(
        f"shelves.shelf-{shelf_id}",
        key,
        Metadata.start("system:tests", key),
        (),
        evolve,
        lambda state: [ThingShelved(shelf_id, "drill")],
    )


def test_by_default_a_command_meets_conflict_attempts_conflicts_before_it_reaches_the_caller() -> (
    None
):
    rivals = Rivals(times=CONFLICT_ATTEMPTS)
    with pytest.raises(WrongExpectedVersion):
        _always_shelved(rivals)
    assert rivals.appends == CONFLICT_ATTEMPTS


def test_by_default_a_command_outlasts_one_conflict_fewer_than_its_attempts() -> None:
    rivals = Rivals(times=CONFLICT_ATTEMPTS - 1)
    outcome = _always_shelved(rivals)
    assert outcome.appended and rivals.appends == CONFLICT_ATTEMPTS


def test_ids_derived_from_a_command_are_the_same_every_time_and_differ_by_purpose() -> None:
    command = uuid.uuid4()
    assert derived_id(command, "letter") == derived_id(command, "letter")
    assert derived_id(command, "letter") != derived_id(command, "document")
    assert event_id(command, "shelves.shelf-1", 0) != event_id(command, "shelves.shelf-1", 1)
    assert event_id(command, "shelves.shelf-1", 0) != event_id(command, "shelves.shelf-2", 0)
    assert derived_id(command, "x") == uuid.uuid5(command, "x")
    assert event_id(command, "s", 2) == uuid.uuid5(command, "s#2")


def test_a_rehearsal_decides_and_encodes_but_appends_nothing() -> None:
    shelves, key = Shelves(), uuid.uuid4()
    meta = Metadata.start("system:tests", key)
    decide = shelve(shelves.shelf_id, "drill")
    shelves.handler.rehearse(shelves.stream, key, meta, (), evolve, decide)
    assert shelves.store.head() is None
    assert shelves.shelve(key, "drill").appended


def test_a_rehearsal_refuses_an_event_that_cannot_be_encoded() -> None:
    shelves, key = Shelves(), uuid.uuid4()
    bad = shelve(shelves.shelf_id, "lamp \ud800")
    with pytest.raises(InvalidEventData):
        shelves.handler.rehearse(
            shelves.stream, key, Metadata.start("system:tests"), (), evolve, bad
        )
    assert shelves.store.head() is None


def test_a_rehearsal_raises_what_deciding_raises() -> None:
    shelves, key = Shelves(), uuid.uuid4()

    def refuse(state: tuple[str, ...]) -> list[ThingShelved]:
        raise LookupError("refused")

    with pytest.raises(LookupError, match="refused"):
        shelves.handler.rehearse(
            shelves.stream, key, Metadata.start("system:tests"), (), evolve, refuse
        )
    assert shelves.store.head() is None
