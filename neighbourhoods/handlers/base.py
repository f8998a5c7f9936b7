"""The machinery every neighbourhoods handler shares: load a stream, fold it, decide, append with
the version read, retry on a conflicting append, and answer a repeated command as its first
attempt did (the platform's StreamHandler: a repeat answers with the events it recorded, without
deciding again). NeighbourhoodHandlers (handlers.py) is built on it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from contracts.envelope import Metadata
from neighbourhoods.commands import NeighbourhoodCommand, ResidentCommand, Settings
from neighbourhoods.domain.decide import decide
from neighbourhoods.domain.neighbourhood import (
    INITIAL,
    Neighbourhood,
    evolve,
    fold,
    neighbourhood_stream,
)
from neighbourhoods.domain.places import (
    NO_PLACES,
    Places,
    decide_places,
    evolve_places,
    fold_places,
    resident_stream,
)
from services.eventstore import EventStore, RecordedEvent
from services.eventstore.codec import Codec
from services.eventstore.handling import Outcome, StreamHandler

# A busy neighbourhood's stream takes many joins at once; each conflict costs one re-read.
ATTEMPTS = 20
SYSTEM = "system:neighbourhoods"


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
        self._clock = clock
        self._settings = settings or Settings()
        self._streams = StreamHandler(store, codec, ATTEMPTS)

    # Reading

    def _read(self, stream: str) -> tuple[list[RecordedEvent], list[Any]]:
        return self._streams.read(stream)

    def neighbourhood(self, neighbourhood_id: uuid.UUID) -> Neighbourhood:
        """The neighbourhood as its stream says now (INITIAL when there is no such stream)."""
        return fold(self._read(neighbourhood_stream(neighbourhood_id))[1])

    def places(self, resident_id: uuid.UUID) -> Places:
        """The places the resident holds among neighbourhoods, as their stream says now."""
        return fold_places(self._read(resident_stream(resident_id))[1])

    def _latest(self, *positions: str | None) -> str | None:
        """The furthest of `positions`: waiting for it means waiting for all of them."""
        known = [p for p in positions if p is not None]
        if not known:
            return None
        return str(max(self._store.position_from_string(p) for p in known))

    def _on_neighbourhood(
        self,
        neighbourhood_id: uuid.UUID,
        key: uuid.UUID,
        metadata: Metadata,
        command: NeighbourhoodCommand,
    ) -> Outcome:
        return self._streams.execute(
            neighbourhood_stream(neighbourhood_id),
            key,
            metadata,
            INITIAL,
            evolve,
            lambda state: decide(command, state),
        )

    def _rehearse_neighbourhood(
        self,
        neighbourhood_id: uuid.UUID,
        key: uuid.UUID,
        metadata: Metadata,
        command: NeighbourhoodCommand,
    ) -> None:
        """Decide and encode what _on_neighbourhood would append, appending nothing (see
        StreamHandler.rehearse): for a command whose first append is to another stream."""
        self._streams.rehearse(
            neighbourhood_stream(neighbourhood_id),
            key,
            metadata,
            INITIAL,
            evolve,
            lambda state: decide(command, state),
        )

    def _on_places(
        self, resident_id: uuid.UUID, key: uuid.UUID, metadata: Metadata, command: ResidentCommand
    ) -> Outcome:
        return self._streams.execute(
            resident_stream(resident_id),
            key,
            metadata,
            NO_PLACES,
            evolve_places,
            lambda state: decide_places(command, state),
        )
