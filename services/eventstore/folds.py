"""Folds remembered between commands (docs/decisions/0071): for a stream that only grows and
is decided on again and again (an author's postings, one event per listing published, for
good), the state folded so far, the version it was folded to and its events' ids. The next
command on that stream reads and decodes only the events appended since, instead of the
stream's whole history.

Only for aggregates whose state is immutable (each event makes a new state) and holds no
personal data: a state kept in memory must neither change under its next reader nor keep an
erased resident's words. The aggregate opts in (Aggregate.remembered).
"""

from __future__ import annotations

import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

STREAMS = 4096
"""Streams remembered at most, the least recently decided on forgotten first."""


@dataclass(frozen=True)
class Fold:
    """`state`: the stream folded from `initial` with `evolve` up to `version`, the version of
    its last event (recorded at `position`); `ids`: the ids of all its events."""

    initial: Any
    evolve: Callable[[Any, Any], Any]
    state: Any
    version: int
    position: str
    ids: frozenset[uuid.UUID]


class Folds:
    def __init__(self, size: int = STREAMS) -> None:
        self._size = size
        self._folds: OrderedDict[str, Fold] = OrderedDict()

    def get(self, stream: str, initial: Any, evolve: Callable[[Any, Any], Any]) -> Fold | None:
        """The fold of `stream` remembered for this fold (`initial` and `evolve`), if any."""
        fold = self._folds.get(stream)
        if fold is None or fold.initial is not initial or fold.evolve is not evolve:
            return None
        self._folds.move_to_end(stream)
        return fold

    def put(self, stream: str, fold: Fold) -> None:
        self._folds[stream] = fold
        self._folds.move_to_end(stream)
        while len(self._folds) > self._size:
            self._folds.popitem(last=False)

    def forget(self, stream: str) -> None:
        self._folds.pop(stream, None)

    def __len__(self) -> int:
        return len(self._folds)
