"""What CPython's cycle collector walks: the remembered folds (services/eventstore/folds.py)
stay in memory for as long as their process decides on them, and every object of theirs that
the collector tracks lengthens each of its full passes (docs/decisions/0076)."""

from __future__ import annotations

import gc
import types
from collections.abc import Iterator
from typing import Any

from services.eventstore.folds import Fold, Folds

# There before any state: not followed.
_STATIC = type | types.FunctionType | types.ModuleType | types.BuiltinFunctionType


def _reachable(root: object) -> Iterator[object]:
    """Every object reachable from `root`, each once."""
    seen: set[int] = set()
    todo = [root]
    while todo:
        obj = todo.pop()
        if id(obj) in seen or isinstance(obj, _STATIC):
            continue
        seen.add(id(obj))
        yield obj
        todo.extend(gc.get_referents(obj))


def walked_from(root: object) -> int:
    """How many of the objects reachable from `root` the collector tracks."""
    # What the young passes do: tuples of untracked values are let go, and a tuple of such
    # tuples one pass after them.
    gc.collect()
    gc.collect()
    return sum(gc.is_tracked(obj) for obj in _reachable(root))


def remembered(handlers: object, stream: str, initial: Any, evolve: Any) -> Fold:
    """The fold of `stream` that `handlers` remember (found among what they reach)."""
    folds = next((o for o in _reachable(handlers) if isinstance(o, Folds)), None)
    assert folds is not None, "these handlers remember no folds"
    fold = folds.get(stream, initial, evolve)
    assert fold is not None, "the stream is not remembered"
    return fold
