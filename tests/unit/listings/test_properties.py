"""Properties of the listings domain, whatever the order of events: the daily limits are never
exceeded in any window, and a listing is never shown where its author is not a member."""

from __future__ import annotations

import contextlib
import uuid
from datetime import timedelta

from hypothesis import given as hypothesis_given
from hypothesis import settings
from hypothesis import strategies as st

from listings.commands import (
    Limits,
    ListingCommand,
    RecordPosting,
    ReopenListing,
    WithdrawListing,
)
from listings.domain.author import NO_POSTINGS, decide_postings, evolve_postings
from listings.domain.decide import decide
from listings.domain.errors import ListingsRefusal, PostingLimitReached
from listings.domain.listing import Listing, evolve
from listings.domain.visibility import can_see
from tests.unit.listings import T0, publication

LIMITS = Limits(listings=5, alerts=2, window=timedelta(hours=24))
NIDS = [uuid.UUID(int=n + 1) for n in range(3)]
AUTHOR = uuid.UUID(int=99)

postings = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=72 * 60),  # minutes after T0, in any order
        st.sampled_from(["loan", "alert"]),
        st.sets(st.sampled_from(NIDS), min_size=1),
    ),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@hypothesis_given(postings)
def test_the_daily_limits_hold_in_every_window_whatever_the_order(
    attempts: list[tuple[int, str, set[uuid.UUID]]],
) -> None:
    state = NO_POSTINGS
    for minute, category, nids in attempts:
        at = T0 + timedelta(minutes=minute)
        command = RecordPosting(
            uuid.uuid4(), AUTHOR, uuid.uuid4(), tuple(nids), category, LIMITS, at
        )
        try:
            events = decide_postings(command, state)
        except PostingLimitReached as refused:
            # Postings stamped later than `at` (recorded first) may push the reset further.
            latest = max([at, *(p.posted_at for p in state.postings)])
            assert at < refused.resets_at <= latest + LIMITS.window
            assert refused.retry_after_seconds >= 1
            continue
        for event in events:
            state = evolve_postings(state, event)
    for end in (p.posted_at for p in state.postings):
        window = [p for p in state.postings if end - LIMITS.window < p.posted_at <= end]
        assert len(window) <= LIMITS.listings
        for nid in NIDS:
            alerts = [p for p in window if p.category == "alert" and nid in p.neighbourhood_ids]
            assert len(alerts) <= LIMITS.alerts


steps = st.lists(
    st.tuples(st.sampled_from(["leave", "join", "withdraw_late", "reopen"]), st.sampled_from(NIDS)),
    max_size=20,
)


@settings(max_examples=200, deadline=None)
@hypothesis_given(st.sets(st.sampled_from(NIDS), min_size=1), st.sets(st.sampled_from(NIDS)), steps)
def test_a_listing_is_never_shown_where_its_author_is_not_a_member(
    member_of: set[uuid.UUID], chosen: set[uuid.UUID], history: list[tuple[str, uuid.UUID]]
) -> None:
    """The author publishes in some neighbourhoods, then leaves and joins; each departure is
    withdrawn by the policy, sometimes repeated late."""
    memberships = set(member_of)
    command = publication(AUTHOR, sorted(chosen), member_of=frozenset(memberships))
    try:
        state = _apply(Listing(), command)
    except ListingsRefusal:
        assert not chosen or not chosen <= memberships
        return
    at = T0
    for step, nid in history:
        at += timedelta(hours=1)
        if step == "join":
            memberships.add(nid)
            continue
        if step == "leave":
            memberships.discard(nid)
        lid = state.listing_id or uuid.uuid4()
        if step in ("leave", "withdraw_late") and nid not in memberships:
            state = _apply(state, WithdrawListing(uuid.uuid4(), lid, nid, "left", at))
        if step == "reopen":
            with contextlib.suppress(ListingsRefusal):
                state = _apply(state, ReopenListing(uuid.uuid4(), lid, AUTHOR, None, at))
        assert set(state.neighbourhood_ids) <= memberships
        for n in NIDS:
            if n not in memberships:
                assert not can_see(state, uuid.uuid4(), frozenset({n}), frozenset({n}))


def _apply(state: Listing, command: ListingCommand) -> Listing:
    for event in decide(command, state):
        state = evolve(state, event)
    return state
