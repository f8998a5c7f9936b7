"""Each listings rule names its refusal, declared once in contracts/listings/refusals.py, and
every declared refusal is some rule's."""

from __future__ import annotations

import inspect

from contracts.listings.refusals import REFUSALS
from listings.domain import errors, exchange_errors
from listings.domain.errors import ListingsRefusal, PostingLimitReached

RULES = [
    rule
    for module in (errors, exchange_errors)
    for _, rule in inspect.getmembers(module, inspect.isclass)
    if issubclass(rule, ListingsRefusal) and rule not in (ListingsRefusal, PostingLimitReached)
]


def test_every_rule_names_a_declared_refusal_of_its_own() -> None:
    named = [rule.__dict__.get("refusal") for rule in RULES]
    assert all(refusal is not None for refusal in named)
    codes = [refusal.code for refusal in named]
    assert sorted(codes) == sorted(set(codes))
    assert all(REFUSALS[code] is refusal for code, refusal in zip(codes, named, strict=True))


def test_every_declared_refusal_is_raised_by_a_rule() -> None:
    assert {rule.refusal.code for rule in RULES} == set(REFUSALS)


def test_the_details_a_refusal_names_are_its_errors_attributes() -> None:
    from datetime import UTC, datetime, timedelta

    at = datetime(2026, 3, 1, tzinfo=UTC)
    samples = {
        errors.InvalidDetails: errors.InvalidDetails({"details.item": ["Missing."]}),
        errors.TooManyListings: errors.TooManyListings(20, at + timedelta(hours=1), at),
        errors.TooManyAlerts: errors.TooManyAlerts(3, at + timedelta(hours=1), at),
        errors.InvalidPhoto: errors.InvalidPhoto("not an image"),
        exchange_errors.BookingOverlaps: exchange_errors.BookingOverlaps(
            "taken", at.date(), at.date()
        ),
        exchange_errors.BlockedDates: exchange_errors.BlockedDates("blocked", at.date(), at.date()),
        exchange_errors.TripFull: exchange_errors.TripFull(1),
    }
    for rule in RULES:
        if rule.refusal.details:
            error = samples[rule]
            assert all(hasattr(error, name) for name in rule.refusal.details), rule
    assert samples[errors.TooManyListings].retry_after_seconds == 3600
    assert "bytes" in str(errors.PhotoTooLarge())
