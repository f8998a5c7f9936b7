"""The matching context's pure domain: each aggregate's stream, state, evolve and decide.

FOLDS: each aggregate's fold by stream category, for `quartier audit --as-of` (the state a
stream had at a moment, from its events up to then)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from matching.domain.blocks import fold_blocks
from matching.domain.connection import fold

FOLDS: dict[str, Callable[[list[Any]], Any]] = {
    "matching.connection": fold,
    "matching.blocks": fold_blocks,
}
