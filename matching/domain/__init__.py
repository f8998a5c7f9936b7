"""The matching context's pure domain: each aggregate's stream, state, evolve and decide, and how
two listings are scored. No I/O, no clock: time and ids come in the command.

FOLDS: each aggregate's fold by stream category, for `quartier audit --as-of` (the state a
stream had at a moment, from its events up to then)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from matching.domain import match
from matching.domain.blocks import fold_blocks
from matching.domain.connection import fold

FOLDS: dict[str, Callable[[list[Any]], Any]] = {
    "matching.match": match.fold,
    "matching.connection": fold,
    "matching.blocks": fold_blocks,
}
