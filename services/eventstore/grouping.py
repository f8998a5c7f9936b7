"""Group commit: appends that queue behind one another in one process reach the store in one
transaction (docs/decisions/0044-group-commit.md).

An append that finds a lane free leads: it writes its own append, with any queued, at once.
Appends that arrive while every lane is busy queue; when a leader is done, the first of them leads
the next round and takes the queued appends (up to `most`) into one transaction. So an append
alone costs what it did, and under load one commit carries many appends. Each append keeps its
own outcome: the adapter's `write` answers one outcome per append, an exception included, and one
append's refusal never fails the others.
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
        # Held until the append is settled (or must lead): releasing a plain lock wakes its one
        # waiter in C, where an Event's Condition runs Python code per wake-up, which 16 threads
        # contending for the GIL paid for at every append.
        self.done = threading.Lock()
        self.done.acquire()
        self.leads = False
        self.outcome: R | BaseException | None = None


class GroupCommit(Generic[T, R]):
    """`submit(item)` returns `write([item, ...])`'s outcome for that item, or raises it.

    At most `lanes` groups are written at once (PostgreSQL overlaps their commits; SQLite has one
    writer, one lane), each of at most `most` appends."""

    def __init__(self, write: Write[T, R], lanes: int = 1, most: int = 64) -> None:
        self._write = write
        self._lanes = lanes
        self._most = most
        self._guard = threading.Lock()
        self._queue: list[_Queued[T, R]] = []
        self._leaders = 0

    def submit(self, item: T) -> R:
        me: _Queued[T, R] = _Queued(item)
        with self._guard:
            leads = self._leaders < self._lanes
            if leads:
                self._leaders += 1
            else:
                self._queue.append(me)
        if not leads:
            try:
                me.done.acquire()
            except BaseException:  # its green thread killed while it waited (eventlet's kill)
                self._abandon(me)
                raise
        if leads or me.leads:
            self._lead(me)
        outcome = me.outcome
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome  # type: ignore[return-value]

    def _lead(self, me: _Queued[T, R]) -> None:
        """Write the leader's append with those queued (up to `most` in all), hand the lane over
        to the next one waiting, or free it when nobody is."""
        with self._guard:
            taken = self._most - 1
            batch, self._queue = [me, *self._queue[:taken]], self._queue[taken:]
        try:
            outcomes: Sequence[R | BaseException] = self._write([q.item for q in batch])
        except BaseException as exc:  # the whole transaction failed: every member learns why
            outcomes = [exc] * len(batch)
        for queued, outcome in zip(batch, outcomes, strict=True):
            queued.outcome = outcome
        with self._guard:
            self._hand_over()
        for queued in batch[1:]:
            queued.done.release()

    def _hand_over(self) -> None:
        """The lane to the first one waiting, or freed; under the guard."""
        if self._queue:
            following = self._queue.pop(0)
            following.leads = True
            following.done.release()
        else:
            self._leaders -= 1

    def _abandon(self, me: _Queued[T, R]) -> None:
        """An append whose wait ended in an exception: out of the queue if it is still there
        (never written), and a lane it was handed goes on, or nobody would ever lead it again.
        Taken into a leader's group already, it is written; only its outcome goes unheard."""
        with self._guard:
            if me in self._queue:
                self._queue.remove(me)
            elif me.leads:
                me.leads = False
                self._hand_over()


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
