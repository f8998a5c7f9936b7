"""A listing's life: closing, reopening, renewing, expiring on the clock, and being withdrawn
from the neighbourhoods its author left until none remains."""

from __future__ import annotations

import uuid

import pytest

from contracts.listings.events import (
    ListingClosed,
    ListingExpired,
    ListingRenewed,
    ListingReopened,
    ListingWithdrawn,
)
from listings.commands import (
    CloseListing,
    ExpireListing,
    RenewListing,
    ReopenListing,
    WithdrawListing,
)
from listings.domain.errors import (
    InvalidExpiry,
    ListingAlreadyOpen,
    ListingNotOpen,
    ListingRemoved,
    NotAMember,
    NotTheAuthor,
    UnknownListing,
)
from listings.domain.listing import CLOSED_DONE, CLOSED_WITHDRAWN, EXPIRED, OPEN, WITHDRAWN
from tests.unit.listings import T0, days, given, hours, moderation, published

LATER = T0 + days(2)


def close(lid: uuid.UUID, author: uuid.UUID, outcome: str = "done") -> CloseListing:
    return CloseListing(uuid.uuid4(), lid, author, outcome, LATER)


def withdraw(lid: uuid.UUID, nid: uuid.UUID, cause: str = "left") -> WithdrawListing:
    return WithdrawListing(uuid.uuid4(), lid, nid, cause, LATER)


@pytest.mark.parametrize("outcome", ["done", "withdrawn"])
def test_the_author_closes_an_open_listing(outcome: str) -> None:
    author = uuid.uuid4()
    listing = published(author, uuid.uuid4())
    closed = ListingClosed(listing.listing_id, outcome, LATER)
    given(listing).when(close(listing.listing_id, author, outcome)).then(closed)
    assert given(listing, closed).state.status == f"closed_{outcome}"
    given(listing, closed).when(close(listing.listing_id, author)).refused(ListingNotOpen)


def test_closing_is_the_authors_on_a_listing_that_exists() -> None:
    author = uuid.uuid4()
    listing = published(author, uuid.uuid4())
    given(listing).when(close(listing.listing_id, uuid.uuid4())).refused(NotTheAuthor)
    given().when(close(listing.listing_id, author)).refused(UnknownListing)
    given(listing).when(close(listing.listing_id, author, "sold")).refused(ValueError)


def test_a_closed_or_expired_listing_reopens_until_a_new_expiry() -> None:
    author = uuid.uuid4()
    listing = published(author, uuid.uuid4())
    lid = listing.listing_id
    reopen = ReopenListing(uuid.uuid4(), lid, author, None, LATER)
    for ending in (
        ListingClosed(lid, "done", T0 + days(1)),
        ListingClosed(lid, "withdrawn", T0 + days(1)),
        ListingExpired(lid, T0 + days(30)),
    ):
        given(listing, ending).when(reopen).then(ListingReopened(lid, LATER + days(30), LATER))
    reopened = given(
        listing, ListingExpired(lid, LATER), ListingReopened(lid, LATER + days(30), LATER)
    )
    assert reopened.state.status == OPEN
    assert reopened.state.expires_at == LATER + days(30)
    given(listing).when(reopen).refused(ListingAlreadyOpen)


def test_a_listing_withdrawn_everywhere_does_not_reopen() -> None:
    author, nid = uuid.uuid4(), uuid.uuid4()
    listing = published(author, nid)
    gone = ListingWithdrawn(listing.listing_id, nid, "left", LATER)
    reopen = ReopenListing(uuid.uuid4(), listing.listing_id, author, None, LATER)
    given(listing, gone).when(reopen).refused(NotAMember)


def test_the_author_renews_an_open_listing_within_90_days() -> None:
    author = uuid.uuid4()
    listing = published(author, uuid.uuid4())
    lid = listing.listing_id
    renew = RenewListing(uuid.uuid4(), lid, author, LATER + days(60), LATER)
    given(listing).when(renew).then(ListingRenewed(lid, LATER + days(60), LATER))
    too_far = RenewListing(uuid.uuid4(), lid, author, LATER + days(91), LATER)
    given(listing).when(too_far).refused(InvalidExpiry)
    closed = ListingClosed(lid, "done", T0 + days(1))
    given(listing, closed).when(renew).refused(ListingNotOpen)


def test_an_open_listing_expires_once_due_and_not_before() -> None:
    listing = published(uuid.uuid4(), uuid.uuid4())
    lid, due = listing.listing_id, T0 + days(30)
    given(listing).when(ExpireListing(uuid.uuid4(), lid, due - hours(1))).then()
    expired = ListingExpired(lid, due)
    given(listing).when(ExpireListing(uuid.uuid4(), lid, due)).then(expired)
    assert given(listing, expired).state.status == EXPIRED
    given(listing, expired).when(ExpireListing(uuid.uuid4(), lid, due + days(1))).then()


def test_a_renewed_or_closed_listing_does_not_expire() -> None:
    author = uuid.uuid4()
    listing = published(author, uuid.uuid4())
    lid, due = listing.listing_id, T0 + days(30)
    renewed = ListingRenewed(lid, due + days(10), T0 + days(29))
    given(listing, renewed).when(ExpireListing(uuid.uuid4(), lid, due)).then()
    closed = ListingClosed(lid, "done", T0 + days(1))
    given(listing, closed).when(ExpireListing(uuid.uuid4(), lid, due)).then()
    assert given(listing, closed).state.status == CLOSED_DONE
    given().when(ExpireListing(uuid.uuid4(), lid, due)).refused(UnknownListing)


def test_a_listing_is_withdrawn_from_a_neighbourhood_its_author_left() -> None:
    author, a, b = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    listing = published(author, a, b)
    lid = listing.listing_id
    left = ListingWithdrawn(lid, a, "left", LATER)
    given(listing).when(withdraw(lid, a)).then(left)
    state = given(listing, left).state
    assert state.neighbourhood_ids == (b,)
    assert state.status == OPEN


def test_a_listing_withdrawn_from_its_last_neighbourhood_is_closed_as_withdrawn() -> None:
    author, a, b = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    listing = published(author, a, b)
    lid = listing.listing_id
    both = [ListingWithdrawn(lid, a, "left", LATER), ListingWithdrawn(lid, b, "removed", LATER)]
    state = given(listing, *both).state
    assert (state.neighbourhood_ids, state.status) == ((), WITHDRAWN)
    closed = ListingClosed(lid, "withdrawn", T0 + days(1))
    assert given(listing, closed, *both).state.status == WITHDRAWN
    assert given(listing, closed, both[0]).state.status == CLOSED_WITHDRAWN


def test_a_repeated_or_foreign_withdrawal_changes_nothing() -> None:
    author, a = uuid.uuid4(), uuid.uuid4()
    listing = published(author, a)
    lid = listing.listing_id
    left = ListingWithdrawn(lid, a, "left", LATER)
    given(listing, left).when(withdraw(lid, a)).then()
    given(listing).when(withdraw(lid, uuid.uuid4())).then()
    removed = given(listing).when(moderation(listing, uuid.uuid4(), "remove")).events
    given(listing, *removed).when(withdraw(lid, a, "erased")).then()
    given().when(withdraw(lid, a)).refused(UnknownListing)
    given(listing).when(withdraw(lid, a, "bored")).refused(ValueError)


def test_a_removed_listing_cannot_be_closed_reopened_or_renewed() -> None:
    author = uuid.uuid4()
    listing = published(author, uuid.uuid4())
    lid = listing.listing_id
    removed = given(listing).when(moderation(listing, uuid.uuid4(), "remove")).events
    for command in (
        close(lid, author),
        ReopenListing(uuid.uuid4(), lid, author, None, LATER),
        RenewListing(uuid.uuid4(), lid, author, None, LATER),
    ):
        given(listing, *removed).when(command).refused(ListingRemoved)
