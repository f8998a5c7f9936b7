"""Folds remembered between commands (docs/decisions/0071, 0072): for a stream that only grows
and is decided on again and again (an author's postings, a neighbourhood's members, an inbox's
marks, a conversation's messages), the state folded so far, the version it was folded to and
its events' ids. The next command on that stream reads and decodes only the events appended
since, instead of the stream's whole history.

Only for aggregates whose state is immutable (each event makes a new state) and holds no
personal data: a state kept in memory must neither change under its next reader nor keep an
erased resident's words. The aggregate opts in (Aggregate.remembered).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

STREAMS = 4096
"""Streams remembered at most, the least recently decided on forgotten first."""
EVENTS = 400_000
"""Events folded into the streams remembered, at most: a fold's memory follows its events (a
neighbourhood's, about 440 bytes per event, a quarter less since 0076), so the folds of a
process stay under 175 MiB however long their streams. A stream longer than that alone is
still remembered."""


@dataclass(frozen=True)
class Fold:
    """`state`: the stream folded from `initial` with `evolve` up to `version`, the version of
    its last event (recorded at `position`); `ids`: the ids of all its events, as the integers
    of their UUIDs, the keys of a dict never changed once made. A remembered neighbourhood
    holds one id per join: a UUID is an object the cycle collector walks at each full pass, and
    a set is walked with all it holds, where a dict of integers is left alone (0076,
    bench/collector_pauses.py)."""

    initial: Any
    evolve: Callable[[Any, Any], Any]
    state: Any
    version: int
    position: str
    ids: dict[int, None]


class Folds:
    def __init__(self, size: int = STREAMS, events: int = EVENTS) -> None:
        self._size = size
        self._budget = events
        self._events = 0
        self._folds: OrderedDict[str, Fold] = OrderedDict()

    def get(self, stream: str, initial: Any, evolve: Callable[[Any, Any], Any]) -> Fold | None:
        """The fold of `stream` remembered for this fold (`initial` and `evolve`), if any."""
        fold = self._folds.get(stream)
        if fold is None or fold.initial is not initial or fold.evolve is not evolve:
            return None
        self._folds.move_to_end(stream)
        return fold

    def put(self, stream: str, fold: Fold) -> None:
        self.forget(stream)
        self._folds[stream] = fold
        self._events += fold.version + 1
        while len(self._folds) > self._size or (
            self._events > self._budget and len(self._folds) > 1
        ):
            _, gone = self._folds.popitem(last=False)
            self._events -= gone.version + 1

    def forget(self, stream: str) -> None:
        gone = self._folds.pop(stream, None)
        if gone is not None:
            self._events -= gone.version + 1

    def __len__(self) -> int:
        return len(self._folds)
