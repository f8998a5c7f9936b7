"""Commands tried one after another on an aggregate's state, as its handler would, for property
tests that throw any sequence of commands at a rule."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

S = TypeVar("S")


def attempt(
    decide: Callable[[Any, S], Sequence[Any]],
    evolve: Callable[[S, Any], S],
    state: S,
    command: Any,
    refused: type[Exception],
) -> tuple[S, list[Any]]:
    """`command` decided on `state`, its events folded in: the new state and the events. A
    refusal (`refused`) leaves the state as it was, with no events."""
    try:
        events = list(decide(command, state))
    except refused:
        return state, []
    for event in events:
        state = evolve(state, event)
    return state, events
