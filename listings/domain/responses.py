"""What a listing decides when a member responds to it and when its author goes ahead with a
responder; a giveaway's recipient (the first responder, or the one its giver picks) and a
barter's offer in exchange."""

from __future__ import annotations

from contracts.listings.events import (
    ListingEvent,
    RecipientChosen,
    ResponderChosen,
    ResponseSent,
)
from contracts.listings.responses import MAX_OFFER
from listings.commands import ChooseRecipient, ChooseResponder, RespondToListing
from listings.domain import texts
from listings.domain.errors import (
    AlreadyResponded,
    ListingNotOpen,
    ResponderAlreadyChosen,
    UnknownResponse,
)
from listings.domain.exchange_errors import (
    ExchangeNotOffered,
    FirstComeGiveaway,
    InvalidOffer,
    RecipientAlreadyChosen,
)
from listings.domain.listing import BARTER, GIVEAWAY, Listing
from listings.domain.publishing import authored
from listings.domain.visibility import seen_by_another


def respond(command: RespondToListing, state: Listing) -> list[ListingEvent]:
    seen_by_another(state, command.responder_id, command.member_of)
    if not state.is_open:
        raise ListingNotOpen("only an open listing takes responses")
    if state.responded(command.responder_id):
        raise AlreadyResponded("one response per member and listing")
    if state.recipient is not None:
        raise RecipientAlreadyChosen("this listing is reserved for someone already")
    message = texts.message(command.message)
    response = ResponseSent(
        command.listing_id,
        command.response_id,
        command.responder_id,
        message,
        command.at,
        _offer(command.offer, state.category),
    )
    if state.category == GIVEAWAY and state.details.get("allocation") == "first_come":
        assert state.author_id is not None
        first = RecipientChosen(
            command.listing_id, state.author_id, command.response_id, command.responder_id,
            "first_come", ChooseRecipient.connection_for(command.response_id), command.at,
        )  # fmt: skip
        return [response, first]
    return [response]


def _offer(offer: str | None, category: str) -> str | None:
    """A barter's response says what it offers in exchange; no other response does."""
    if category != BARTER:
        if offer is not None:
            raise InvalidOffer("only a barter's response offers something in exchange")
        return None
    cleaned = (offer or "").strip()
    if not 1 <= len(cleaned) <= MAX_OFFER:
        raise InvalidOffer(f"an offer has 1 to {MAX_OFFER} characters")
    return cleaned


def choose(command: ChooseResponder, state: Listing) -> list[ListingEvent]:
    authored(state, command.author_id)
    response = state.response(command.response_id)
    if response is None:
        raise UnknownResponse("no such response to this listing")
    if response.response_id in state.chosen:
        raise ResponderAlreadyChosen("this responder was chosen already")
    if state.category == BARTER and state.recipient is not None:
        raise RecipientAlreadyChosen("a barter goes ahead with one responder")
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


def choose_recipient(command: ChooseRecipient, state: Listing) -> list[ListingEvent]:
    authored(state, command.giver_id)
    if state.category != GIVEAWAY:
        raise ExchangeNotOffered("only a giveaway has a recipient")
    if state.details.get("allocation") != "giver_chooses":
        raise FirstComeGiveaway("a first-come giveaway goes to its first responder")
    response = state.response(command.response_id)
    if response is None:
        raise UnknownResponse("no such response to this listing")
    if state.recipient is not None:
        raise RecipientAlreadyChosen("this giveaway is reserved for someone already")
    if not state.is_open:
        raise ListingNotOpen("choose a recipient while the listing is open")
    chosen = RecipientChosen(
        listing_id=command.listing_id,
        giver_id=command.giver_id,
        response_id=response.response_id,
        recipient_id=response.responder_id,
        allocation="giver_chooses",
        connection_id=command.connection_id,
        chosen_at=command.at,
    )
    return [chosen]
