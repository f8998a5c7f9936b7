"""The one way a command changes a stream: read it, fold it, decide, append under the version
read, and decide again on a fresh read when another writer got there first.

Event ids are derived from the command's id (or a key derived from it), so a command handled
again finds its own events in the stream: it appends nothing and answers as the first time did.

A command that appends to several streams rehearses each later one before its first append:
everything the store's codec does that can fail (contract validation, text that is not
Unicode, sealing) fails the command while it has changed nothing (docs/decisions/0007).

    streams = StreamHandler(store, codec)
    streams.rehearse(second, command_id, metadata, INITIAL2, evolve2, decide2)
    outcome = streams.execute(stream, command_id, metadata, INITIAL, evolve, decide)
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from contracts.envelope import Metadata

from .codec import Codec
from .folds import Fold, Folds
from .model import (
    NO_STREAM,
    EventStore,
    ExpectedVersion,
    NewEvent,
    RecordedEvent,
    WrongExpectedVersion,
)

S = TypeVar("S")

EXIT_AFTER_APPEND = "QUARTIER_FAULT_EXIT_AFTER_APPEND"
"""For the tests that kill a service between two appends of one command: set to a stream
category (e.g. `identity.email`), the process exits at once after its first append to a stream
of that category. Unset everywhere else."""

CONFLICT_ATTEMPTS = 20
"""How often a command is decided, on a fresh read each time, before a conflicting append
(WrongExpectedVersion) reaches its caller, who then answers `conflict`. This is the one place a
command is retried on a conflict: retrying again above it would multiply the attempts."""


@dataclass(frozen=True)
class Outcome:
    """What one command did to one stream. `appended` is False for a no-op or a repeat."""

    position: str | None
    events: tuple[Any, ...]
    appended: bool


def event_id(key: uuid.UUID, stream: str, index: int) -> uuid.UUID:
    """The id of the `index`th event that `key` (a command id) appends to `stream`."""
    return uuid.uuid5(key, f"{stream}#{index}")


def derived_id(command_id: uuid.UUID, what: str) -> uuid.UUID:
    """An id the command makes for `what` (a new aggregate, a second step): the same on retry."""
    return uuid.uuid5(command_id, what)


class StreamHandler:
    """Commands on the streams of one event store. `attempts` (CONFLICT_ATTEMPTS unless a test
    says otherwise) bounds how often a command is decided after a conflicting append before
    WrongExpectedVersion reaches its caller."""

    def __init__(self, store: EventStore, codec: Codec, attempts: int = CONFLICT_ATTEMPTS) -> None:
        self._store = store
        self._codec = codec
        self._attempts = attempts
        self._exit_after = os.environ.get(EXIT_AFTER_APPEND) or None
        self._folds = Folds()

    def read(self, stream: str) -> tuple[list[RecordedEvent], list[Any]]:
        """The stream's recorded events, and the same events decoded."""
        recorded = self._store.read_stream(stream)
        return recorded, [self._codec.decode(r).event for r in recorded]

    def execute(
        self,
        stream: str,
        key: uuid.UUID,
        metadata: Metadata,
        initial: S,
        evolve: Callable[[S, Any], S],
        decide: Callable[[S], Sequence[Any]],
        again: Callable[[S], object] | None = None,
        remember: bool = False,
    ) -> Outcome:
        """Fold `stream` from `initial` with `evolve`, append what `decide` makes of the state
        under the version read, with ids made from `key`, and retry on a conflicting append.

        When events of `key` are already in the stream, nothing is appended: the answer is the
        first attempt's. `again`, if given, is then called with the state the first attempt
        decided on, so that a context can answer as it did (raise the same refusal).
        `remember`: the fold is kept for the next command on the stream (folds.py)."""
        for attempt in range(self._attempts):
            plan = self._plan(stream, key, metadata, initial, evolve, decide, again, remember)
            if isinstance(plan, Outcome):
                return plan
            expected, decided, new = plan
            try:
                result = self._store.append(stream, new, expected_version=expected)
            except WrongExpectedVersion:
                if attempt == self._attempts - 1:
                    raise
                # Decided again on the whole stream: a fold remembered may be one the stream
                # no longer holds (a store restored from an older copy), never only behind.
                self._folds.forget(stream)
                continue
            if self._exit_after is not None and stream.startswith(f"{self._exit_after}-"):
                os._exit(70)  # a crash between two appends, for the tests that repair one
            return Outcome(str(result.position), tuple(decided), True)
        raise AssertionError("unreachable")

    def rehearse(
        self,
        stream: str,
        key: uuid.UUID,
        metadata: Metadata,
        initial: S,
        evolve: Callable[[S, Any], S],
        decide: Callable[[S], Sequence[Any]],
        remember: bool = False,
    ) -> None:
        """Decide and encode what `execute` would append to `stream` now, appending nothing.

        Raises what deciding or encoding raises (a refusal, InvalidEventData...). A command
        touching several streams rehearses every stream but the first before its first append,
        so that no event it makes fails to encode after another stream was written: what the
        later step then decides on a fresh read is made of the same command's values.
        `remember`: decided on the fold remembered for the stream, as `execute` does."""
        self._plan(stream, key, metadata, initial, evolve, decide, None, remember)

    def state(
        self, stream: str, initial: S, evolve: Callable[[S, Any], S], remember: bool = False
    ) -> S:
        """`stream` folded now; `remember`: from the fold remembered for it (reading only the
        events since), which it leaves remembered for the next command."""
        if remember:
            return self._caught_up(stream, initial, evolve)[0]
        return _folded(initial, evolve, self.read(stream)[1])

    def _plan(
        self,
        stream: str,
        key: uuid.UUID,
        metadata: Metadata,
        initial: S,
        evolve: Callable[[S, Any], S],
        decide: Callable[[S], Sequence[Any]],
        again: Callable[[S], object] | None,
        remember: bool = False,
    ) -> Outcome | tuple[ExpectedVersion, Sequence[Any], list[NewEvent]]:
        """The answer when there is nothing to append, else the version expected, the events
        decided and the same events encoded. `remember`: decided on the fold remembered for the
        stream, unless the command repeats one already appended."""
        folded = self._remembered(stream, key, initial, evolve) if remember else None
        if folded is not None:
            return self._encoded(stream, key, metadata, decide(folded[0]), folded[1])
        recorded, events = self.read(stream)
        # A command's events are appended together: its first one tells whether it was.
        first = event_id(key, stream, 0)
        done = []
        if any(r.event_id == first for r in recorded):
            ours = {event_id(key, stream, i) for i in range(len(recorded) + 1)}
            done = [i for i, r in enumerate(recorded) if r.event_id in ours]
        if done:
            if again is not None:
                again(_folded(initial, evolve, events[: done[0]]))
            position = str(recorded[done[-1]].position)
            return Outcome(position, tuple(events[i] for i in done), appended=False)
        last = recorded[-1] if recorded else None
        decided = decide(_folded(initial, evolve, events))
        return self._encoded(stream, key, metadata, decided, last)

    def _remembered(
        self, stream: str, key: uuid.UUID, initial: S, evolve: Callable[[S, Any], S]
    ) -> tuple[S, Fold | None] | None:
        """The state of `stream` from the fold remembered for it, reading only the events
        appended since, and the fold to its last event (None while the stream is empty); None
        for a repeat of a command already appended, which `_plan` answers from the whole
        stream."""
        state, fold = self._caught_up(stream, initial, evolve)
        if fold is not None and event_id(key, stream, 0).int in fold.ids:
            return None
        return state, fold

    def _caught_up(
        self, stream: str, initial: S, evolve: Callable[[S, Any], S]
    ) -> tuple[S, Fold | None]:
        """The state of `stream` now and the fold to its last event (None while it is empty),
        from the fold remembered for it and the events appended since."""
        fold = self._folds.get(stream, initial, evolve)
        recorded = self._store.read_stream(stream, 0 if fold is None else fold.version + 1)
        state = initial if fold is None else fold.state
        for r in recorded:
            state = evolve(state, self._codec.decode(r).event)
        if recorded:
            ids = {**(fold.ids if fold else {}), **dict.fromkeys(r.event_id.int for r in recorded)}
            last = recorded[-1]
            fold = Fold(initial, evolve, state, last.version, str(last.position), ids)
            self._folds.put(stream, fold)
        return state, fold

    def _encoded(
        self, stream: str, key: uuid.UUID, metadata: Metadata, decided: Sequence[Any], last: Any
    ) -> Outcome | tuple[ExpectedVersion, Sequence[Any], list[NewEvent]]:
        """What `decided` appends after `last` (the stream's last event, or a fold to it; None
        for a stream still empty): nothing to append answers with the stream's position."""
        if not decided:
            return Outcome(None if last is None else str(last.position), (), False)
        new = [
            self._codec.encode(e, metadata, event_id=event_id(key, stream, i))
            for i, e in enumerate(decided)
        ]
        return (NO_STREAM if last is None else last.version), decided, new


def _folded(initial: S, evolve: Callable[[S, Any], S], events: Sequence[Any]) -> S:
    state = initial
    for event in events:
        state = evolve(state, event)
    return state
