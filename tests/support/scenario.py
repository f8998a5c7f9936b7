"""Given events, when a command, then events or a refusal: the unit tests' form for any
aggregate, given its fold and its decide.

given = scenario(fold, decide)
given(*registered(rid)).when(PostLetter(...)).then(LetterPosted(...))
given(...).when(EnterLetterCode(...)).refused(WrongCode, recorded=[...])
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pytest

Fold = Callable[[Sequence[Any]], Any]
Decide = Callable[[Any, Any], Sequence[Any]]


@dataclass
class When:
    decide: Decide
    state: Any
    command: Any

    def then(self, *expected: Any) -> None:
        assert self.decide(self.command, self.state) == list(expected)

    def refused(self, error: type[Exception], recorded: list[Any] | None = None) -> Any:
        """The refusal raised, after checking the events it carries to record anyway (none
        unless `recorded` says which)."""
        with pytest.raises(error) as caught:
            self.decide(self.command, self.state)
        assert list(getattr(caught.value, "events", ())) == (recorded or [])
        return caught.value


@dataclass
class Given:
    fold: Fold
    decide: Decide
    events: list[Any]

    def when(self, command: Any) -> When:
        return When(self.decide, self.state, command)

    @property
    def state(self) -> Any:
        return self.fold(self.events)


def scenario(fold: Fold, decide: Decide) -> Callable[..., Given]:
    """`given(*events)` for the aggregate whose fold and decide these are."""

    def given(*events: Any) -> Given:
        return Given(fold, decide, list(events))

    return given
