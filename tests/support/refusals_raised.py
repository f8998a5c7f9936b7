"""The table of tests/unit/<context>/test_refusals_raised.py: one row per refusal code a
context's domain raises (given events, when a command, then the error naming that refusal), and
the check that every refusal of the domain's errors has its row, or is listed as raised elsewhere
with who raises it."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import pytest


@dataclass(frozen=True)
class Row:
    """Given the `given` events (folded by `folded`), `when` (a command, decided by `checked`)
    raises the error whose refusal is the row's code."""

    given: Sequence[Any]
    when: Any
    checked: Callable[[Any, Any], object]
    folded: Callable[[list[Any]], Any]

    def refused_code(self, base: type[Exception]) -> str:
        with pytest.raises(base) as refused:
            self.checked(self.when, self.folded(list(self.given)))
        code: str = refused.value.refusal.code  # type: ignore[attr-defined]
        return code


def rows(
    decide: Callable[[Any, Any], object], fold: Callable[[list[Any]], Any]
) -> Callable[..., Row]:
    """Rows decided by the context's `decide` on its `fold`, unless a row says otherwise."""

    def row(
        given: Sequence[Any],
        when: Any,
        checked: Callable[[Any, Any], object] = decide,
        folded: Callable[[list[Any]], Any] = fold,
    ) -> Row:
        return Row(given, when, checked, folded)

    return row


def domain_codes(errors: Sequence[ModuleType], base: type[Exception]) -> set[str]:
    """The codes of the refusals the domain's errors (subclasses of `base`) name."""
    return {
        rule.refusal.code
        for module in errors
        for _, rule in inspect.getmembers(module, inspect.isclass)
        if issubclass(rule, base) and hasattr(rule, "refusal")
    }


def assert_complete(
    table: Mapping[str, Row], elsewhere: Mapping[str, str], base: type, *errors: ModuleType
) -> None:
    """Every refusal named by the errors of the modules `errors` has its row, or is elsewhere."""
    assert set(table) | set(elsewhere) == domain_codes(errors, base)
    assert not set(table) & set(elsewhere)
