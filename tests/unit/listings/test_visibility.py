"""Who sees a listing: its author always, members where it is shown, moderators while it is
hidden, nobody else once removed."""

from __future__ import annotations

import uuid

from contracts.listings.events import ListingHidden, ListingRestored, ListingWithdrawn
from listings.domain.listing import Listing
from listings.domain.visibility import can_see, visible_to
from tests.unit.listings import T0, given, moderation, published

NOBODY: frozenset[uuid.UUID] = frozenset()


def test_members_where_it_is_shown_see_it_others_do_not() -> None:
    author, a, b = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    state = given(published(author, a, b)).state
    viewer = uuid.uuid4()
    assert can_see(state, viewer, frozenset({b}))
    assert not can_see(state, viewer, frozenset({uuid.uuid4()}))
    assert not can_see(state, viewer, NOBODY)
    assert can_see(state, author, NOBODY)


def test_a_neighbourhood_the_listing_was_withdrawn_from_no_longer_sees_it() -> None:
    author, a, b = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    listing = published(author, a, b)
    state = given(listing, ListingWithdrawn(listing.listing_id, a, "left", T0)).state
    assert not can_see(state, uuid.uuid4(), frozenset({a}))
    assert can_see(state, uuid.uuid4(), frozenset({b}))


def test_a_hidden_listing_is_seen_by_its_author_and_its_moderators_only() -> None:
    author, nid = uuid.uuid4(), uuid.uuid4()
    listing = published(author, nid)
    hidden = ListingHidden(listing.listing_id, 3, T0)
    state = given(listing, hidden).state
    assert not can_see(state, uuid.uuid4(), frozenset({nid}))
    assert can_see(state, uuid.uuid4(), frozenset({nid}), frozenset({nid}))
    assert not can_see(state, uuid.uuid4(), frozenset({nid}), frozenset({uuid.uuid4()}))
    assert can_see(state, author, NOBODY)
    restored = ListingRestored(listing.listing_id, nid, author, "ok", T0)
    assert can_see(given(listing, hidden, restored).state, uuid.uuid4(), frozenset({nid}))


def test_a_removed_listing_is_its_authors_alone() -> None:
    author, nid = uuid.uuid4(), uuid.uuid4()
    listing = published(author, nid)
    removed = given(listing).when(moderation(listing, uuid.uuid4(), "remove")).events
    state = given(listing, *removed).state
    assert not can_see(state, uuid.uuid4(), frozenset({nid}), frozenset({nid}))
    assert can_see(state, author, NOBODY)


def test_no_listing_is_seen_by_anyone() -> None:
    assert not can_see(Listing(), uuid.uuid4(), frozenset({uuid.uuid4()}))


def test_the_rule_reads_plain_values_as_a_read_models_row() -> None:
    author, nid, viewer = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    assert visible_to(author, [nid], "open", False, viewer, frozenset({nid}), NOBODY)
    assert not visible_to(None, [nid], "open", False, viewer, frozenset({nid}), NOBODY)
