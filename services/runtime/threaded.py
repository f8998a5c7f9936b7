"""An event store whose calls run on real OS threads (eventlet.tpool).

gRPC (esdbclient) deadlocks under eventlet's monkey-patching, so inside Nameko an esdb:// store
is only ever called through this wrapper. Reads are drained into a list on the OS thread: a lazy
iterator would make its gRPC calls back on the green thread.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from eventlet import tpool

from services.eventstore import AppendResult, EventStore, NewEvent, Position, RecordedEvent
from services.eventstore.model import Filters

NEEDS_OS_THREADS = ("esdb", "esdb+discover", "kurrentdb", "kurrentdb+discover")


def needs_os_threads(url: str) -> bool:
    return url.partition("://")[0].lower() in NEEDS_OS_THREADS


class ThreadedStore(EventStore):
    def __init__(self, store: EventStore) -> None:
        self._store = store

    def append(
        self, stream: str, events: Sequence[NewEvent], expected_version: Any = None
    ) -> AppendResult:
        if expected_version is None:
            return tpool.execute(self._store.append, stream, events)  # type: ignore[no-any-return]
        return tpool.execute(  # type: ignore[no-any-return]
            self._store.append, stream, events, expected_version
        )

    def read_stream(self, stream: str, from_version: int = 0) -> list[RecordedEvent]:
        return tpool.execute(self._store.read_stream, stream, from_version)  # type: ignore[no-any-return]

    def read_after(
        self, after: Position | None, limit: int | None, cats: Filters, kinds: Filters
    ) -> Iterator[RecordedEvent]:
        def drained() -> list[RecordedEvent]:
            return list(self._store.read_all(after, limit, cats, kinds))

        return iter(tpool.execute(drained))

    def read_at(self, positions: Iterable[Position]) -> list[RecordedEvent]:
        return tpool.execute(self._store.read_at, list(positions))  # type: ignore[no-any-return]

    def head(self) -> Position | None:
        return tpool.execute(self._store.head)  # type: ignore[no-any-return]

    def position_from_string(self, text: str) -> Position:
        return self._store.position_from_string(text)

    def close(self) -> None:
        tpool.execute(self._store.close)


def open_store(url: str) -> EventStore:
    """connect(url), on an OS thread and wrapped when the store's client needs it."""
    from services.eventstore import connect

    if needs_os_threads(url):
        return ThreadedStore(tpool.execute(connect, url))
    return connect(url)
