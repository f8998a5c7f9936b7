"""What a listing decides as time and its author move it along: close, reopen, renew, expire,
and withdrawal from a neighbourhood its author no longer belongs to."""

from __future__ import annotations

from contracts.listings.events import (
    ListingClosed,
    ListingEvent,
    ListingExpired,
    ListingRenewed,
    ListingReopened,
    ListingWithdrawn,
)
from contracts.listings.listings import OUTCOMES, WITHDRAWAL_CAUSES
from listings.commands import (
    CloseListing,
    ExpireListing,
    RenewListing,
    ReopenListing,
    WithdrawListing,
)
from listings.domain import texts
from listings.domain.errors import (
    ListingAlreadyOpen,
    ListingNotOpen,
    NotAMember,
    UnknownListing,
)
from listings.domain.listing import OPEN, REMOVED, REOPENABLE, Listing
from listings.domain.publishing import authored


def close(command: CloseListing, state: Listing) -> list[ListingEvent]:
    if command.outcome not in OUTCOMES:
        raise ValueError(f"a listing closes as one of {', '.join(OUTCOMES)}")
    authored(state, command.author_id)
    if state.status != OPEN:
        raise ListingNotOpen("only an open listing closes")
    return [ListingClosed(command.listing_id, command.outcome, command.at)]


def reopen(command: ReopenListing, state: Listing) -> list[ListingEvent]:
    authored(state, command.author_id)
    if state.status == OPEN:
        raise ListingAlreadyOpen("this listing is open already")
    if state.status not in REOPENABLE:
        # Withdrawn from every neighbourhood: there is nowhere left to show it.
        raise NotAMember("this listing's author left every neighbourhood it was shown in")
    expires_at = texts.expiry(command.expires_at, command.at, state.category)
    return [ListingReopened(command.listing_id, expires_at, command.at)]


def renew(command: RenewListing, state: Listing) -> list[ListingEvent]:
    authored(state, command.author_id)
    if state.status != OPEN:
        raise ListingNotOpen("only an open listing is renewed; reopen a closed one")
    expires_at = texts.expiry(command.expires_at, command.at, state.category)
    return [ListingRenewed(command.listing_id, expires_at, command.at)]


def expire(command: ExpireListing, state: Listing) -> list[ListingEvent]:
    if not state.exists:
        raise UnknownListing("no such listing")
    # The clock's sweep may cross a renewal or a closing: only an open listing due expires.
    if state.status != OPEN or state.expires_at is None or command.at < state.expires_at:
        return []
    return [ListingExpired(command.listing_id, command.at)]


def withdraw(command: WithdrawListing, state: Listing) -> list[ListingEvent]:
    if command.cause not in WITHDRAWAL_CAUSES:
        raise ValueError(f"a withdrawal's cause is one of {', '.join(WITHDRAWAL_CAUSES)}")
    if not state.exists:
        raise UnknownListing("no such listing")
    if state.status == REMOVED or command.neighbourhood_id not in state.neighbourhood_ids:
        return []  # shown there no more: a repeated or late withdrawal changes nothing
    return [
        ListingWithdrawn(command.listing_id, command.neighbourhood_id, command.cause, command.at)
    ]
