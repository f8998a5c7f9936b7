"""How the SQL adapters read the whole log: a page at a time, after a cursor; and how they name
it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

C = TypeVar("C")
R = TypeVar("R")


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


def chunked(items: Sequence[R], size: int) -> Iterator[Sequence[R]]:
    """`items` a slice of at most `size` at a time: each slice one statement's IN list, under
    every backend's limit of bound parameters."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def log_id(kind: str, *identity: object) -> str:
    """A log's name (EventStore.log_id) from what identifies it, opaque: messages carry it to
    analysts too, who learn nothing of the store's host, files or tables from it."""
    named = ":".join([kind, *(str(part) for part in identity)])
    return hashlib.sha256(named.encode()).hexdigest()[:16]
