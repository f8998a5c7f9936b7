"""What CPython's cycle collector walks: the remembered folds (services/eventstore/folds.py)
stay in memory for as long as their process decides on them, and every object of theirs that
the collector tracks lengthens each of its full passes (docs/decisions/0076)."""

from __future__ import annotations

import gc
import types
from typing import Any

from services.eventstore.folds import Fold, Folds

# There before any state: not followed.
_STATIC = type | types.FunctionType | types.ModuleType | types.BuiltinFunctionType


def walked_from(root: object) -> int:
    """How many of the objects reachable from `root` the collector tracks."""
    # What the young passes do: tuples of untracked values are let go, and a tuple of such
    # tuples one pass after them.
    gc.collect()
    gc.collect()
    seen: set[int] = set()
    todo, walked = [root], 0
    while todo:
        obj = todo.pop()
        if id(obj) in seen or isinstance(obj, _STATIC):
            continue
        seen.add(id(obj))
        walked += gc.is_tracked(obj)
        todo.extend(gc.get_referents(obj))
    return walked


def remembered(handlers: object, stream: str, initial: Any, evolve: Any) -> Fold:
    """The fold of `stream` that `handlers` remember (found among what they reach)."""
    seen: set[int] = set()
    todo: list[object] = [handlers]
    while todo:
        obj = todo.pop()
        if id(obj) in seen or isinstance(obj, _STATIC):
            continue
        seen.add(id(obj))
        if isinstance(obj, Folds):
            fold = obj.get(stream, initial, evolve)
            assert fold is not None, "the stream is not remembered"
            return fold
        todo.extend(gc.get_referents(obj))
    raise AssertionError("these handlers remember no folds")
