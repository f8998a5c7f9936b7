"""Each neighbourhoods rule names its refusal, declared once in
contracts/neighbourhoods/refusals.py, and the door answers its code."""

from __future__ import annotations

import inspect

from contracts.neighbourhoods.refusals import REFUSALS
from neighbourhoods.domain import errors
from neighbourhoods.domain.errors import NeighbourhoodsRefusal, UnknownNeighbourhood
from neighbourhoods.service.errors import CODES, NOTE
from services.runtime.doors import code_of

RULES = [
    rule
    for _, rule in inspect.getmembers(errors, inspect.isclass)
    if issubclass(rule, NeighbourhoodsRefusal) and rule is not NeighbourhoodsRefusal
]


def test_every_rule_names_a_declared_refusal_of_its_own() -> None:
    named = [rule.__dict__.get("refusal") for rule in RULES]
    assert all(refusal is not None for refusal in named), [
        rule.__name__ for rule, refusal in zip(RULES, named, strict=True) if refusal is None
    ]
    codes = [refusal.code for refusal in named]
    assert sorted(codes) == sorted(set(codes))
    assert all(REFUSALS[code] is refusal for code, refusal in zip(codes, named, strict=True))


def test_every_declared_refusal_is_raised_by_a_rule() -> None:
    assert {rule.refusal.code for rule in RULES} == set(REFUSALS)


def test_the_door_answers_each_rules_code_and_no_such_neighbourhood_as_not_found() -> None:
    for rule in RULES:
        expected = "not_found" if rule is UnknownNeighbourhood else rule.refusal.code
        assert (CODES.get(rule) or code_of(rule)) == expected


def test_the_doors_longest_note_is_the_domains() -> None:
    assert REFUSALS["note_too_long"].limits["max_length"] == NOTE
