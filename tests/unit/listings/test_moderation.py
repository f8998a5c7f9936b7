"""Reports and moderation: once per member, three reports from different members hide a
listing, a moderator of one of its neighbourhoods restores or removes it."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from contracts.listings.events import (
    ListingHidden,
    ListingPublished,
    ListingRemoved,
    ListingReported,
    ListingRestored,
)
from listings.domain.errors import (
    AlreadyReported,
    InvalidReason,
    ListingNotHidden,
    NotAModerator,
    OwnListing,
    ReasonRequired,
    UnknownListing,
)
from listings.domain.errors import ListingRemoved as AlreadyRemoved
from listings.domain.listing import REMOVED
from tests.unit.listings import T0, given, hours, moderation, published, report


def reports(listing: ListingPublished, n: int) -> list[Any]:
    events: list[Any] = []
    for _ in range(n):
        events += given(listing, *events).when(report(listing, uuid.uuid4())).events
    return events


def test_a_member_reports_a_listing_with_a_reason() -> None:
    listing = published(uuid.uuid4(), uuid.uuid4())
    member = uuid.uuid4()
    command = report(listing, member, " Arnaque ")
    given(listing).when(command).then(
        ListingReported(listing.listing_id, command.report_id, member, "Arnaque", command.at)
    )


def test_reporting_twice_is_refused() -> None:
    listing = published(uuid.uuid4(), uuid.uuid4())
    member = uuid.uuid4()
    first = given(listing).when(report(listing, member)).events
    given(listing, *first).when(report(listing, member)).refused(AlreadyReported)


def test_a_report_needs_a_reason_of_at_most_500_characters() -> None:
    listing = published(uuid.uuid4(), uuid.uuid4())
    given(listing).when(report(listing, uuid.uuid4(), "  ")).refused(ReasonRequired)
    given(listing).when(report(listing, uuid.uuid4(), "x" * 501)).refused(InvalidReason)


def test_the_author_or_a_stranger_does_not_report() -> None:
    author = uuid.uuid4()
    listing = published(author, uuid.uuid4())
    given(listing).when(report(listing, author)).refused(OwnListing)
    stranger = replace(report(listing, uuid.uuid4()), member_of=frozenset())
    given(listing).when(stranger).refused(UnknownListing)


def test_the_third_report_from_different_members_hides_the_listing() -> None:
    listing = published(uuid.uuid4(), uuid.uuid4())
    two = reports(listing, 2)
    assert not given(listing, *two).state.hidden
    third = report(listing, uuid.uuid4())
    events = given(listing, *two).when(third).events
    assert events[1:] == [ListingHidden(listing.listing_id, 3, third.at)]
    state = given(listing, *two, *events).state
    assert state.hidden and state.is_open


def test_a_hidden_listing_is_reported_no_more_by_members() -> None:
    listing = published(uuid.uuid4(), uuid.uuid4())
    three = reports(listing, 3)
    given(listing, *three).when(report(listing, uuid.uuid4())).refused(UnknownListing)


def test_a_moderator_restores_a_hidden_listing_and_its_reports_start_again() -> None:
    author, moderator = uuid.uuid4(), uuid.uuid4()
    listing = published(author, uuid.uuid4())
    three = reports(listing, 3)
    command = moderation(listing, moderator, "restore", " Rien d'illégal ")
    restored = ListingRestored(
        listing.listing_id, command.neighbourhood_id, author, "Rien d'illégal", command.at
    )
    given(listing, *three).when(command).then(restored)
    after = [*three, restored]
    state = given(listing, *after).state
    assert not state.hidden and state.open_reports == frozenset()
    two_more = reports(listing, 2)
    assert not given(listing, *after, *two_more).state.hidden
    third = given(listing, *after, *two_more).when(report(listing, uuid.uuid4())).events
    assert isinstance(third[-1], ListingHidden)
    reporter = three[0].reporter_id
    given(listing, *after).when(report(listing, reporter)).refused(AlreadyReported)


def test_restoring_a_listing_not_hidden_is_refused() -> None:
    listing = published(uuid.uuid4(), uuid.uuid4())
    given(listing).when(moderation(listing, uuid.uuid4(), "restore")).refused(ListingNotHidden)


def test_a_moderator_removes_a_listing_hidden_or_not_for_good() -> None:
    author, moderator = uuid.uuid4(), uuid.uuid4()
    listing = published(author, uuid.uuid4())
    command = moderation(listing, moderator, "remove", "Hors charte")
    removed = ListingRemoved(
        listing.listing_id, command.neighbourhood_id, author, "Hors charte", command.at
    )
    given(listing).when(command).then(removed)
    three = reports(listing, 3)
    assert given(listing, *three).when(command).events == [removed]
    state = given(listing, *three, removed).state
    assert state.status == REMOVED and not state.hidden
    for decision in ("remove", "restore"):
        # Removed, it is its author's alone to see, even for the moderators.
        again = moderation(listing, moderator, decision)
        given(listing, removed).when(again).refused(UnknownListing)
        by_author = moderation(listing, author, decision)
        given(listing, removed).when(by_author).refused(AlreadyRemoved)


def test_only_a_moderator_of_one_of_its_neighbourhoods_decides_with_a_reason() -> None:
    listing = published(uuid.uuid4(), uuid.uuid4())
    three = reports(listing, 3)
    command = moderation(listing, uuid.uuid4(), "restore")
    elsewhere = replace(command, neighbourhood_id=uuid.uuid4(), moderates=frozenset({uuid.uuid4()}))
    given(listing, *three).when(elsewhere).refused(UnknownListing)
    other = uuid.uuid4()
    wrong_place = replace(command, neighbourhood_id=other, moderates=command.moderates | {other})
    given(listing, *three).when(wrong_place).refused(NotAModerator)
    given(listing, *three).when(replace(command, reason=" ")).refused(ReasonRequired)
    given(listing, *three).when(replace(command, reason="x" * 501)).refused(InvalidReason)
    given(listing, *three).when(replace(command, decision="ban")).refused(ValueError)
    given().when(command).refused(UnknownListing)
    assert T0 < command.at == T0 + hours(3)
