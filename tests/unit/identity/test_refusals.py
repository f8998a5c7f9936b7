"""Every rule of the identity domain names its refusal, declared once in
contracts/identity/refusals.py, and the door answers that refusal's code."""

from __future__ import annotations

import inspect

import pytest

from contracts.identity import refusals
from contracts.refusals import catalogue
from identity.domain import errors
from identity.service.errors import DOOR, _own
from services.runtime.doors import code_of

RULES = [
    rule
    for _, rule in inspect.getmembers(errors, inspect.isclass)
    if issubclass(rule, errors.IdentityError)
    and rule not in (errors.IdentityError, errors.RefusalWithRecord)
]
# Answered with the door's own code: an unknown document and one reviewed meanwhile look alike.
ANSWERED_OTHERWISE = {errors.DocumentNotUnderReview: "not_found"}


def an_instance(rule: type[errors.IdentityError]) -> errors.IdentityError:
    if rule is errors.TooManySignInAttempts:
        return rule(30)
    if rule is errors.WrongCode:
        return rule(2, [])
    if rule is errors.VoucherTooFar:
        return rule("too far", 412.0)
    return rule("refused")


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.__name__)
def test_each_rule_names_a_refusal_of_the_catalogue(rule: type[errors.IdentityError]) -> None:
    assert catalogue()[rule.refusal.code] == rule.refusal


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.__name__)
def test_the_door_answers_the_code_of_the_rules_refusal(rule: type[errors.IdentityError]) -> None:
    answer = _own(an_instance(rule))
    assert answer is not None
    expected = ANSWERED_OTHERWISE.get(rule, rule.refusal.code)
    assert (code_of(rule), answer.code) == (rule.refusal.code, expected)


def test_the_details_a_refusal_declares_travel_with_the_answer() -> None:
    answer = _own(an_instance(errors.WrongCode))
    assert answer is not None and answer.details == {"attempts_left": 2}


def test_every_identity_refusal_is_raised_by_a_rule_or_the_door() -> None:
    named = {rule.refusal.code for rule in RULES}
    # Answered by the door itself: erased accounts and unknown documents (service/errors.py).
    door = {DOOR.erased().code, refusals.UNKNOWN_DOCUMENT.code}
    assert set(refusals.REFUSALS) - named - door == set()


def test_a_refusal_for_a_while_says_when_to_try_again() -> None:
    refused = errors.TooManyConfirmationRequests(42)
    answer = _own(refused)
    assert answer is not None and answer.details == {"retry_after_seconds": 42}
    assert str(refused) == "too many confirmation e-mails: try again in 42 s"
    assert isinstance(refused, errors.IdentityError)
