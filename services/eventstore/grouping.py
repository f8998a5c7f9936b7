"""Group commit: appends that queue behind one another in one process reach the store in one
transaction (docs/decisions/0044-group-commit.md).

The first append that finds nobody writing leads: it writes its own append alone, at once. Appends
that arrive meanwhile queue; when the leader is done, the first of them leads the next round and
takes every queued append (up to `most`) into one transaction. So an append alone costs what it
did, and under load one commit carries many appends. Each append keeps its own outcome: the
adapter's `write` answers one outcome per append, an exception included, and one append's refusal
never fails the others.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from .appends import checked_append
from .model import AppendResult, DuplicateEventId, ExpectedVersion, NewEvent, WrongExpectedVersion

T = TypeVar("T")
R = TypeVar("R")
GroupAppend = tuple[str, Sequence[NewEvent], ExpectedVersion]
Settled = AppendResult | WrongExpectedVersion | DuplicateEventId

Write = Callable[[Sequence[T]], Sequence["R | BaseException"]]


class _Queued(Generic[T, R]):
    __slots__ = ("done", "item", "leads", "outcome")

    def __init__(self, item: T) -> None:
        self.item = item
        self.done = threading.Event()
        self.leads = False
        self.outcome: R | BaseException | None = None


class GroupCommit(Generic[T, R]):
    """`submit(item)` returns `write([item, ...])`'s outcome for that item, or raises it."""

    def __init__(self, write: Write[T, R], most: int = 64) -> None:
        self._write = write
        self._most = most
        self._guard = threading.Lock()
        self._queue: list[_Queued[T, R]] = []
        self._busy = False

    def submit(self, item: T) -> R:
        me: _Queued[T, R] = _Queued(item)
        with self._guard:
            self._queue.append(me)
            leads = not self._busy
            self._busy = True
        if not leads:
            me.done.wait()
        if leads or me.leads:
            self._lead()
        outcome = me.outcome
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome  # type: ignore[return-value]

    def _lead(self) -> None:
        """Write the queue's first `most` appends (the leader's own is first), hand over to the
        next one waiting, or stand down when nobody is."""
        with self._guard:
            batch, self._queue = self._queue[: self._most], self._queue[self._most :]
        try:
            outcomes: Sequence[R | BaseException] = self._write([q.item for q in batch])
        except BaseException as exc:  # the whole transaction failed: every member learns why
            outcomes = [exc] * len(batch)
        for queued, outcome in zip(batch, outcomes, strict=True):
            queued.outcome = outcome
        with self._guard:
            if self._queue:
                self._queue[0].leads = True
                self._queue[0].done.set()
            else:
                self._busy = False
        for queued in batch[1:]:
            queued.done.set()


def append_group(store: Any, appends: Sequence[GroupAppend]) -> list[Settled]:
    """Several appends at once, each answering its result or its refusal: in one transaction
    where the adapter groups them (`append_group`: SQLite, PostgreSQL), else one after the other.
    Invalid arguments raise before anything is written."""
    together = getattr(store, "append_group", None)
    if together is not None:
        return together(appends)  # type: ignore[no-any-return]
    for stream, events, expected in appends:
        checked_append(stream, events, expected)
    return [settled(store.append, *a) for a in appends]


def settled(settle: Callable[..., AppendResult], *args: Any) -> Settled:
    """`settle(*args)`: an append's result, or the refusal it raised."""
    try:
        return settle(*args)
    except (WrongExpectedVersion, DuplicateEventId) as refused:
        return refused
