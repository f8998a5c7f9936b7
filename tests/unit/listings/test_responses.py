"""Responding to a listing and going ahead with a responder."""

from __future__ import annotations

import uuid
from dataclasses import replace

from contracts.listings.events import ListingClosed, ListingHidden, ResponderChosen, ResponseSent
from listings.commands import ChooseResponder
from listings.domain.errors import (
    AlreadyResponded,
    InvalidMessage,
    ListingNotOpen,
    NotTheAuthor,
    OwnListing,
    ResponderAlreadyChosen,
    UnknownListing,
    UnknownResponse,
)
from tests.unit.listings import T0, given, hours, published, respond


def test_a_member_responds_with_a_message() -> None:
    author, member = uuid.uuid4(), uuid.uuid4()
    listing = published(author, uuid.uuid4())
    command = respond(listing, member, "  Je peux passer ce soir.  ")
    given(listing).when(command).then(
        ResponseSent(
            listing.listing_id, command.response_id, member, "Je peux passer ce soir.", command.at
        )
    )


def test_a_member_responds_once() -> None:
    listing = published(uuid.uuid4(), uuid.uuid4())
    member = uuid.uuid4()
    sent = given(listing).when(respond(listing, member)).events
    given(listing, *sent).when(respond(listing, member)).refused(AlreadyResponded)


def test_a_message_has_1_to_2000_characters() -> None:
    listing = published(uuid.uuid4(), uuid.uuid4())
    for message in ("", "   ", "x" * 2001):
        given(listing).when(respond(listing, uuid.uuid4(), message)).refused(InvalidMessage)


def test_only_members_of_its_neighbourhoods_see_and_respond() -> None:
    listing = published(uuid.uuid4(), uuid.uuid4())
    outsider = replace(respond(listing, uuid.uuid4()), member_of=frozenset({uuid.uuid4()}))
    given(listing).when(outsider).refused(UnknownListing)
    given().when(respond(listing, uuid.uuid4())).refused(UnknownListing)


def test_the_author_does_not_respond_to_their_own_listing() -> None:
    author = uuid.uuid4()
    listing = published(author, uuid.uuid4())
    given(listing).when(respond(listing, author)).refused(OwnListing)


def test_a_closed_listing_takes_no_response_and_a_hidden_one_is_not_seen() -> None:
    listing = published(uuid.uuid4(), uuid.uuid4())
    closed = ListingClosed(listing.listing_id, "done", T0 + hours(1))
    given(listing, closed).when(respond(listing, uuid.uuid4())).refused(ListingNotOpen)
    hidden = ListingHidden(listing.listing_id, 3, T0 + hours(1))
    given(listing, hidden).when(respond(listing, uuid.uuid4())).refused(UnknownListing)


def test_the_author_goes_ahead_with_a_responder_once() -> None:
    author, member = uuid.uuid4(), uuid.uuid4()
    listing = published(author, uuid.uuid4())
    sent = given(listing).when(respond(listing, member)).events
    response_id = sent[0].response_id
    choose = ChooseResponder(uuid.uuid4(), listing.listing_id, author, response_id, T0 + hours(2))
    chosen = ResponderChosen(
        listing.listing_id, response_id, member, author, choose.connection_id, T0 + hours(2)
    )
    given(listing, *sent).when(choose).then(chosen)
    again = replace(choose, command_id=uuid.uuid4())
    assert again.connection_id == choose.connection_id
    given(listing, *sent, chosen).when(again).refused(ResponderAlreadyChosen)


def test_choosing_is_the_authors_among_the_responses_while_open() -> None:
    author, member = uuid.uuid4(), uuid.uuid4()
    listing = published(author, uuid.uuid4())
    sent = given(listing).when(respond(listing, member)).events
    rid = sent[0].response_id
    by_other = ChooseResponder(uuid.uuid4(), listing.listing_id, member, rid, T0 + hours(2))
    given(listing, *sent).when(by_other).refused(NotTheAuthor)
    unknown = ChooseResponder(uuid.uuid4(), listing.listing_id, author, uuid.uuid4(), T0)
    given(listing, *sent).when(unknown).refused(UnknownResponse)
    closed = ListingClosed(listing.listing_id, "done", T0 + hours(1))
    choose = ChooseResponder(uuid.uuid4(), listing.listing_id, author, rid, T0 + hours(2))
    given(listing, *sent, closed).when(choose).refused(ListingNotOpen)
