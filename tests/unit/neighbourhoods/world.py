"""The neighbourhoods handlers over the in-memory event store, with a clock the test moves and a
store that can fail an append (a crash between two appends) or run something just after one
(a concurrent command arriving at the worst moment)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from contracts import default_registry
from neighbourhoods.commands import Settings
from neighbourhoods.domain.neighbourhood import neighbourhood_stream
from neighbourhoods.domain.places import resident_stream
from neighbourhoods.handlers import NeighbourhoodHandlers
from services.eventstore import (
    ANY,
    AppendResult,
    EventStore,
    EventStoreUnavailable,
    NewEvent,
    Position,
    RecordedEvent,
    category_of,
    connect,
)
from services.eventstore.codec import Codec
from services.eventstore.keyring import MemoryKeyring
from services.eventstore.model import Filters
from tests.support import Clock
from tests.unit.neighbourhoods import HOME, T0, home, north, square

Hook = Callable[[str], None]


class Crash(EventStoreUnavailable):
    """The process stopped here: this append never happened."""


@dataclass
class FlakyStore(EventStore):
    """The memory store, with appends that can be made to fail or to trigger something."""

    inner: Any = field(default_factory=lambda: connect("memory://"))
    failures: list[str] = field(default_factory=list)
    hooks: list[tuple[str, Hook]] = field(default_factory=list)
    gate: tuple[str, threading.Barrier] | None = None

    def fail_next_append(self, category: str) -> None:
        self.failures.append(category)

    def after_next_append(self, category: str, hook: Hook) -> None:
        self.hooks.append((category, hook))

    def append(
        self, stream: str, events: Sequence[NewEvent], expected_version: Any = ANY
    ) -> AppendResult:
        category = category_of(stream)
        if category in self.failures:
            self.failures.remove(category)
            raise Crash(f"crashed before appending to {stream}")
        if self.gate is not None and self.gate[0] == category:
            self.gate[1].wait(timeout=5)  # every racer has read before anyone appends
        result = self.inner.append(stream, events, expected_version)
        hook = next((h for h in self.hooks if h[0] == category), None)
        if hook is not None:
            self.hooks.remove(hook)
            hook[1](stream)
        return result  # type: ignore[no-any-return]

    def read_stream(self, stream: str, from_version: int = 0) -> list[RecordedEvent]:
        return self.inner.read_stream(stream, from_version)  # type: ignore[no-any-return]

    def read_after(
        self, after: Position | None, limit: int | None, cats: Filters, kinds: Filters
    ) -> Iterator[RecordedEvent]:
        return self.inner.read_all(after, limit, cats, kinds)  # type: ignore[no-any-return]

    def head(self) -> Position | None:
        return self.inner.head()  # type: ignore[no-any-return]

    def position_from_string(self, text: str) -> Position:
        return self.inner.position_from_string(text)  # type: ignore[no-any-return]

    def close(self) -> None:
        self.inner.close()


@dataclass
class World:
    store: FlakyStore
    keyring: MemoryKeyring
    codec: Codec
    clock: Clock
    handlers: NeighbourhoodHandlers

    def events(self, stream: str) -> list[Any]:
        return [self.codec.decode(r).event for r in self.store.read_stream(stream)]

    def of_neighbourhood(self, nid: uuid.UUID) -> list[Any]:
        return self.events(neighbourhood_stream(nid))

    def of_resident(self, rid: uuid.UUID) -> list[Any]:
        return self.events(resident_stream(rid))

    def found(self, founder: uuid.UUID | None = None, centre: Any = HOME) -> uuid.UUID:
        founder = founder or uuid.uuid4()
        created = self.handlers.create(
            uuid.uuid4(), founder, "Les Lilas", "", square(centre), home(centre)
        )
        return created.neighbourhood_id

    def join(self, nid: uuid.UUID, rid: uuid.UUID, where: Any = None) -> str | None:
        return self.handlers.join(uuid.uuid4(), nid, rid, where or home(north(HOME, 100)))

    def memberships(self, rid: uuid.UUID, nids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
        return {n for n in nids if self.handlers.neighbourhood(n).member(rid) is not None}


def world(settings: Settings | None = None) -> World:
    store = FlakyStore()
    keyring = MemoryKeyring()
    codec = Codec(default_registry(), keyring, b"p" * 32)
    clock = Clock(T0)
    handlers = NeighbourhoodHandlers(store, codec, clock, settings or Settings())  # type: ignore[arg-type]
    return World(store, keyring, codec, clock, handlers)
