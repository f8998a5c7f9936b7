"""Where a context decides a command: its table {command type: Aggregate}, read by the context's
handlers and run by the platform's one command loop (services/eventstore/handling.py)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Generic, TypeVar

from contracts.envelope import Metadata
from services.eventstore import EventStore, RecordedEvent
from services.eventstore.codec import Codec
from services.eventstore.handling import Outcome, StreamHandler

S = TypeVar("S")


@dataclass(frozen=True)
class Aggregate:
    """Where a command is decided: the stream it names, and that stream's fold and decide."""

    stream: Callable[[Any], str]
    initial: Any
    evolve: Callable[[Any, Any], Any]
    decide: Callable[[Any, Any], Sequence[Any]]
    # The fold kept between commands (services/eventstore/folds.py): for a stream that only
    # grows, whose state is immutable and holds no personal data.
    remembered: bool = False


class Table:
    """A context's commands run on one event store through the shared loop, each on the stream
    its table's Aggregate names."""

    def __init__(
        self, store: EventStore, codec: Codec, table: Mapping[type[Any], Aggregate]
    ) -> None:
        self._store = store
        self._table = table
        self._loop = StreamHandler(store, codec)

    def run(self, command: Any, key: uuid.UUID, metadata: Metadata) -> Outcome:
        """Decide `command` on its stream and append what it decides, with ids made from `key`."""
        stream, initial, evolve, decide = self._where(command)
        remember = self._table[type(command)].remembered
        return self._loop.execute(stream, key, metadata, initial, evolve, decide, remember=remember)

    def rehearse(self, command: Any, key: uuid.UUID, metadata: Metadata) -> None:
        """Decide and encode what `run` would append, appending nothing (StreamHandler.rehearse):
        for a command whose first append is to another stream."""
        stream, initial, evolve, decide = self._where(command)
        remember = self._table[type(command)].remembered
        self._loop.rehearse(stream, key, metadata, initial, evolve, decide, remember=remember)

    def state(self, aggregate: Aggregate, stream: str) -> Any:
        """`stream` folded by `aggregate` now; from the fold remembered for it when it opts in."""
        return self._loop.state(stream, aggregate.initial, aggregate.evolve, aggregate.remembered)

    def read(self, stream: str) -> tuple[list[RecordedEvent], list[Any]]:
        return self._loop.read(stream)

    def latest(self, *positions: str | None) -> str | None:
        """The furthest of `positions`: waiting for it means waiting for all of them."""
        known = [p for p in positions if p is not None]
        if not known:
            return None
        return str(max(self._store.position_from_string(p) for p in known))

    def _where(self, command: Any) -> tuple[str, Any, Any, Any]:
        """The stream `command` names, and its aggregate's initial state, evolve and decide."""
        aggregate = self._table[type(command)]
        return (
            aggregate.stream(command),
            aggregate.initial,
            aggregate.evolve,
            lambda state: aggregate.decide(command, state),
        )


class Timed(Table, Generic[S]):
    """A context's Table whose commands are timed by `clock` and ruled under its settings (the
    context's defaults when none are given). A context names its `handlers` table and its
    `defaults` (its Settings class); the rest is the same in every context."""

    handlers: ClassVar[Mapping[type[Any], Aggregate]]
    defaults: ClassVar[type[Any]]

    def __init__(
        self,
        store: EventStore,
        codec: Codec,
        clock: Callable[[], datetime],
        settings: S | None = None,
    ) -> None:
        super().__init__(store, codec, self.handlers)
        self.clock = clock
        self.settings: S = settings or self.defaults()
