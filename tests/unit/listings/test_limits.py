"""The daily limits against abuse, held by the author's postings: 20 listings per resident and
3 alerts per resident and neighbourhood within any 24 hours; a refusal says which limit and
when it resets."""

from __future__ import annotations

import uuid
from datetime import datetime

import pytest

from contracts.listings.events import PostingRecorded
from listings.commands import Limits, RecordPosting
from listings.domain.author import NO_POSTINGS, Postings, decide_postings, evolve_postings
from listings.domain.errors import TooManyAlerts, TooManyListings
from tests.unit.listings import T0, hours

LIMITS = Limits()


def posting(
    author: uuid.UUID, at: datetime, category: str = "loan", *nids: uuid.UUID
) -> RecordPosting:
    return RecordPosting(
        uuid.uuid4(), author, uuid.uuid4(), nids or (uuid.uuid4(),), category, LIMITS, at
    )


def record(state: Postings, command: RecordPosting) -> Postings:
    for event in decide_postings(command, state):
        state = evolve_postings(state, event)
    return state


def test_a_posting_is_recorded_once_per_listing() -> None:
    author, nid = uuid.uuid4(), uuid.uuid4()
    command = posting(author, T0, "loan", nid, nid)
    [event] = decide_postings(command, NO_POSTINGS)
    assert event == PostingRecorded(author, command.listing_id, [nid], "loan", T0)
    assert decide_postings(command, evolve_postings(NO_POSTINGS, event)) == []


def test_the_21st_listing_within_a_day_is_refused_until_the_first_leaves_the_window() -> None:
    author = uuid.uuid4()
    state = NO_POSTINGS
    for minute in range(20):
        state = record(state, posting(author, T0 + hours(minute / 60)))
    at = T0 + hours(5)
    with pytest.raises(TooManyListings) as refused:
        decide_postings(posting(author, at), state)
    assert refused.value.per_day == 20
    assert refused.value.resets_at == T0 + hours(24)
    assert refused.value.retry_after_seconds == 19 * 3600
    assert "20" in str(refused.value) and str(author) not in str(refused.value)
    assert decide_postings(posting(author, T0 + hours(24)), state) != []


def test_the_limit_rolls_the_next_posting_frees_the_next_reset() -> None:
    author = uuid.uuid4()
    state = NO_POSTINGS
    for n in range(20):
        state = record(state, posting(author, T0 + hours(n)))
    state = record(state, posting(author, T0 + hours(24)))
    with pytest.raises(TooManyListings) as refused:
        decide_postings(posting(author, T0 + hours(24.5)), state)
    assert refused.value.resets_at == T0 + hours(25)


def test_a_fourth_alert_in_one_neighbourhood_within_a_day_is_refused() -> None:
    author, here, there = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    state = NO_POSTINGS
    for n in range(3):
        state = record(state, posting(author, T0 + hours(n), "alert", here))
    with pytest.raises(TooManyAlerts) as refused:
        decide_postings(posting(author, T0 + hours(4), "alert", there, here), state)
    assert (refused.value.per_day, refused.value.resets_at) == (3, T0 + hours(24))
    assert refused.value.retry_after_seconds == 20 * 3600
    assert decide_postings(posting(author, T0 + hours(4), "alert", there), state) != []
    assert decide_postings(posting(author, T0 + hours(4), "loan", here), state) != []
    assert decide_postings(posting(author, T0 + hours(24), "alert", here), state) != []


def test_limits_are_per_author() -> None:
    author, nid = uuid.uuid4(), uuid.uuid4()
    state = NO_POSTINGS
    for n in range(3):
        state = record(state, posting(author, T0 + hours(n), "alert", nid))
    # The same stream never holds another author's postings: a neighbour starts from nothing.
    assert decide_postings(posting(uuid.uuid4(), T0 + hours(4), "alert", nid), NO_POSTINGS)


def test_the_limits_come_from_settings() -> None:
    author = uuid.uuid4()
    strict = Limits(listings=1, alerts=1)
    first = RecordPosting(uuid.uuid4(), author, uuid.uuid4(), (uuid.uuid4(),), "loan", strict, T0)
    state = record(NO_POSTINGS, first)
    second = RecordPosting(uuid.uuid4(), author, uuid.uuid4(), (uuid.uuid4(),), "loan", strict, T0)
    with pytest.raises(TooManyListings):
        decide_postings(second, state)
