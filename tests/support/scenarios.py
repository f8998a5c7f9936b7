"""Given events, when a command, then events or a refusal: the shape of every domain's unit
tests, for any context's fold and decide.

    given = scenarios(fold, decide)
    given(*history).when(command).then(*expected)
    given(*history).when(command).refused(SomeRefusal)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pytest

Fold = Callable[[Iterable[Any]], Any]
Decide = Callable[[Any, Any], Sequence[Any]]


@dataclass
class When:
    state: Any
    command: Any
    decide: Decide

    @property
    def events(self) -> list[Any]:
        return list(self.decide(self.command, self.state))

    def then(self, *expected: Any) -> None:
        assert self.events == list(expected)

    def refused(self, error: type[Exception], recorded: list[Any] | None = None) -> Any:
        """The refusal raised, after checking the events it carries to record anyway (none
        unless `recorded` says which: identity's refusals that still record)."""
        with pytest.raises(error) as caught:
            self.decide(self.command, self.state)
        assert list(getattr(caught.value, "events", ())) == (recorded or [])
        return caught.value


@dataclass
class Given:
    events: list[Any]
    fold: Fold
    decide: Decide

    @property
    def state(self) -> Any:
        return self.fold(self.events)

    def when(self, command: Any) -> When:
        return When(self.state, command, self.decide)


def scenarios(fold: Fold, decide: Decide) -> Callable[..., Given]:
    """`given(*events)` for the domain that folds with `fold` and decides with `decide`."""

    def given(*events: Any) -> Given:
        return Given(list(events), fold, decide)

    return given
