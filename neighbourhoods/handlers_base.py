"""The machinery every neighbourhoods handler shares: load a stream, fold it, decide, append with
the version read, retry on a conflicting append, and answer a repeated command as its first
attempt did. NeighbourhoodHandlers (handlers.py) is built on it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from contracts.envelope import Metadata
from services.eventstore import NO_STREAM, EventStore, RecordedEvent, WrongExpectedVersion
from services.eventstore.codec import Codec

from . import domain
from .commands import NeighbourhoodCommand, ResidentCommand, Settings
from .domain import Neighbourhood, Places

S = TypeVar("S")
# A busy neighbourhood's stream takes many joins at once; each conflict costs one re-read.
ATTEMPTS = 20
SYSTEM = "system:neighbourhoods"


@dataclass(frozen=True)
class Outcome:
    """What one command did to one stream. `appended` is False for a no-op or a repeat."""

    position: str | None
    events: tuple[Any, ...]
    appended: bool


def event_id(key: uuid.UUID, stream: str, index: int) -> uuid.UUID:
    return uuid.uuid5(key, f"{stream}#{index}")


def derived_id(command_id: uuid.UUID, what: str) -> uuid.UUID:
    return uuid.uuid5(command_id, what)


def resident_actor(resident_id: uuid.UUID) -> str:
    return f"resident:{resident_id}"


class HandlerBase:
    def __init__(
        self,
        store: EventStore,
        codec: Codec,
        clock: Callable[[], datetime],
        settings: Settings | None = None,
    ) -> None:
        self._store = store
        self._codec = codec
        self._clock = clock
        self._settings = settings or Settings()

    # Reading

    def _read(self, stream: str) -> tuple[list[RecordedEvent], list[Any]]:
        recorded = self._store.read_stream(stream)
        return recorded, [self._codec.decode(r).event for r in recorded]

    def neighbourhood(self, neighbourhood_id: uuid.UUID) -> Neighbourhood:
        """The neighbourhood as its stream says now (INITIAL when there is no such stream)."""
        return domain.fold(self._read(domain.neighbourhood_stream(neighbourhood_id))[1])

    def places(self, resident_id: uuid.UUID) -> Places:
        """The places the resident holds among neighbourhoods, as their stream says now."""
        return domain.fold_places(self._read(domain.resident_stream(resident_id))[1])

    def _latest(self, *positions: str | None) -> str | None:
        """The furthest of `positions`: waiting for it means waiting for all of them."""
        known = [p for p in positions if p is not None]
        if not known:
            return None
        return str(max(self._store.position_from_string(p) for p in known))

    # The one way to change a stream

    def _execute(
        self,
        stream: str,
        key: uuid.UUID,
        metadata: Metadata,
        initial: S,
        evolve: Callable[[S, Any], S],
        decide: Callable[[S], Sequence[Any]],
    ) -> Outcome:
        """Decide on `stream` and append under the version read. `key` (a command id, or an id
        derived from it for a second step on the same stream) makes the event ids: appending
        them again is recognised, and the command answers as it did the first time."""
        for attempt in range(ATTEMPTS):
            recorded, events = self._read(stream)
            ours = {event_id(key, stream, i) for i in range(len(recorded) + 1)}
            done = [i for i, r in enumerate(recorded) if r.event_id in ours]
            if done:
                # Applied before: answer as the first attempt did, appending nothing.
                position = str(recorded[done[-1]].position)
                return Outcome(position, tuple(events[i] for i in done), appended=False)
            state = initial
            for event in events:
                state = evolve(state, event)
            decided = decide(state)
            if not decided:
                return Outcome(str(recorded[-1].position) if recorded else None, (), False)
            new = [
                self._codec.encode(e, metadata, event_id=event_id(key, stream, i))
                for i, e in enumerate(decided)
            ]
            expected = recorded[-1].version if recorded else NO_STREAM
            try:
                result = self._store.append(stream, new, expected_version=expected)
            except WrongExpectedVersion:
                if attempt == ATTEMPTS - 1:
                    raise
                continue
            return Outcome(str(result.position), tuple(decided), True)
        raise AssertionError("unreachable")

    def _on_neighbourhood(
        self,
        neighbourhood_id: uuid.UUID,
        key: uuid.UUID,
        metadata: Metadata,
        command: NeighbourhoodCommand,
    ) -> Outcome:
        return self._execute(
            domain.neighbourhood_stream(neighbourhood_id),
            key,
            metadata,
            domain.INITIAL,
            domain.evolve,
            lambda state: domain.decide(command, state),
        )

    def _on_places(
        self, resident_id: uuid.UUID, key: uuid.UUID, metadata: Metadata, command: ResidentCommand
    ) -> Outcome:
        return self._execute(
            domain.resident_stream(resident_id),
            key,
            metadata,
            domain.NO_PLACES,
            domain.evolve_places,
            lambda state: domain.decide_places(command, state),
        )
