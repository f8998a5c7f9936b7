"""The log as a rebuild reads it, each next batch read on a thread of its own while the current
one is applied (docs/decisions/0069).

A build alternates two waits: for the store, reading a batch, and for the read model's database,
writing it. Both are waits on a server, during which the driver lets other threads run; read
ahead, one batch's writes overlap the next batch's read. The batch is asked for with the same
cursor, size and filters as the one read ahead (the runner reads on from the last event it
applied): anything else is read as asked, and the batch read ahead is dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from services.eventstore import Position, RecordedEvent

# What a read asks for: after, limit, categories, types.
Asked = tuple[Position | None, int | None, tuple[str, ...] | None, tuple[str, ...] | None]


class ReadAhead:
    """`log` (an event store, or a view of one such as replay.Until) read a batch ahead."""

    def __init__(self, log: Any) -> None:
        self._log = log
        self._reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="read-ahead")
        self._ahead: tuple[Asked, Future[list[RecordedEvent]]] | None = None

    def read_all(
        self,
        after: Position | None = None,
        limit: int | None = 1000,
        categories: Iterable[str] | None = None,
        types: Iterable[str] | None = None,
    ) -> Iterator[RecordedEvent]:
        asked: Asked = (after, limit, _named(categories), _named(types))
        ahead, self._ahead = self._ahead, None
        if ahead is not None and ahead[0] == asked:
            batch = ahead[1].result()  # raises what the read raised, as a read here would
        else:
            if ahead is not None:
                ahead[1].cancel()
            batch = self._read(asked)
        if limit is not None and batch and len(batch) == limit:
            following: Asked = (batch[-1].position, *asked[1:])
            self._ahead = (following, self._reader.submit(self._read, following))
        return iter(batch)

    def _read(self, asked: Asked) -> list[RecordedEvent]:
        after, limit, categories, types = asked
        return list(
            self._log.read_all(after=after, limit=limit, categories=categories, types=types)
        )

    def close(self) -> None:
        """Wait for a read still under way and stop the reading thread."""
        if self._ahead is not None:
            self._ahead[1].cancel()
            self._ahead = None
        self._reader.shutdown(wait=True)

    def __getattr__(self, name: str) -> Any:
        # head, position_from_string and the rest of the store, as they are.
        return getattr(self._log, name)


def _named(names: Iterable[str] | None) -> tuple[str, ...] | None:
    return None if names is None else tuple(names)
