"""The matching context's pure domain: its aggregates' folds and decisions, and how two
listings are scored. No I/O, no clock: time and ids come in the command.

FOLDS: each aggregate's fold, keyed by stream category (for audits as of a time)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from matching.domain import match

FOLDS: dict[str, Callable[[list[Any]], Any]] = {
    "matching.match": match.fold,
}
