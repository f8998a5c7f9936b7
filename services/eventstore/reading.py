"""Reading the whole log, said once for every adapter: the filters are checked when read_all is
called (before anything is read), then the adapter reads its own way after a position; SQL
adapters page through their table with `pages`."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

from .model import Position, RecordedEvent, check_filters

Filters = tuple[str, ...] | None
C = TypeVar("C")
R = TypeVar("R")


class LogReader(ABC):
    """An adapter's read_all: EventStore.read_all's parameters, checked, handed to `read_after`."""

    def read_all(
        self,
        after: Position | None = None,
        limit: int | None = 1000,
        categories: Iterable[str] | None = None,
        types: Iterable[str] | None = None,
    ) -> Iterator[RecordedEvent]:
        cats, kinds = check_filters(categories, types)
        return self.read_after(after, limit, cats, kinds)

    @abstractmethod
    def read_after(
        self, after: Position | None, limit: int | None, cats: Filters, kinds: Filters
    ) -> Iterator[RecordedEvent]:
        """At most `limit` events (None: all) after `after` (None: from the start), in log
        order, of the categories `cats` and types `kinds` (None: any)."""


def pages(
    cursor: C,
    limit: int | None,
    size: int,
    fetch: Callable[[C, int], Sequence[R]],
    key: Callable[[R], C],
) -> Iterator[R]:
    """The rows after `cursor`, at most `limit` of them (None: all), `size` a page:
    `fetch(cursor, n)` reads n rows after cursor, `key(row)` is the cursor a row leaves."""
    remaining = limit
    while remaining is None or remaining > 0:
        page = size if remaining is None else min(size, remaining)
        rows = fetch(cursor, page)
        yield from rows
        if len(rows) < page:
            return
        cursor = key(rows[-1])
        if remaining is not None:
            remaining -= len(rows)
