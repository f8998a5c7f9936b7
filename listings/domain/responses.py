"""What a listing decides when a member responds to it and when its author goes ahead with a
responder."""

from __future__ import annotations

from contracts.listings.events import ListingEvent, ResponderChosen, ResponseSent
from listings.commands import ChooseResponder, RespondToListing
from listings.domain import texts
from listings.domain.errors import (
    AlreadyResponded,
    ListingNotOpen,
    OwnListing,
    ResponderAlreadyChosen,
    UnknownListing,
    UnknownResponse,
)
from listings.domain.listing import Listing
from listings.domain.publishing import authored
from listings.domain.visibility import can_see


def respond(command: RespondToListing, state: Listing) -> list[ListingEvent]:
    if not can_see(state, command.responder_id, command.member_of):
        raise UnknownListing("no such listing")
    if command.responder_id == state.author_id:
        raise OwnListing("this is your own listing")
    if not state.is_open:
        raise ListingNotOpen("only an open listing takes responses")
    if state.responded(command.responder_id):
        raise AlreadyResponded("one response per member and listing")
    message = texts.message(command.message)
    response = ResponseSent(
        command.listing_id, command.response_id, command.responder_id, message, command.at
    )
    return [response]


def choose(command: ChooseResponder, state: Listing) -> list[ListingEvent]:
    authored(state, command.author_id)
    response = state.response(command.response_id)
    if response is None:
        raise UnknownResponse("no such response to this listing")
    if response.response_id in state.chosen:
        raise ResponderAlreadyChosen("this responder was chosen already")
    if not state.is_open:
        raise ListingNotOpen("go ahead with a responder while the listing is open")
    chosen = ResponderChosen(
        listing_id=command.listing_id,
        response_id=response.response_id,
        responder_id=response.responder_id,
        author_id=command.author_id,
        connection_id=command.connection_id,
        chosen_at=command.at,
    )
    return [chosen]
