"""Where a context decides a command: its table {command type: Aggregate}, read by the context's
handlers and run by the platform's one command loop (services/eventstore/handling.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Aggregate:
    """Where a command is decided: the stream it names, and that stream's fold and decide."""

    stream: Callable[[Any], str]
    initial: Any
    evolve: Callable[[Any, Any], Any]
    decide: Callable[[Any, Any], Sequence[Any]]
