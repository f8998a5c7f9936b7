"""A giveaway goes to its first responder ("first come") or to the one its giver picks; it is
then reserved, until closed as given. A barter's response says what it offers in exchange, and
its author goes ahead with one."""

from __future__ import annotations

import uuid
from dataclasses import replace

from contracts.listings.events import RecipientChosen, ResponderChosen, ResponseSent
from listings.commands import ChooseRecipient, ChooseResponder, CloseListing
from listings.domain import exchange_errors
from listings.domain.decide import decide
from listings.domain.listing import fold
from tests.unit.listings import T0, given, hours, respond
from tests.unit.listings.exchanges import DRIVER, OTHER, PASSENGER, THIRD, publishing

FIRST_COME = publishing("giveaway", {"allocation": "first_come"})
CHOOSES = publishing("giveaway", {"allocation": "giver_chooses"})
BARTER = publishing("barter", {"gives": "Un vélo", "wants": "Une tondeuse"})


def answered(history: list, responder: uuid.UUID, **changes: object) -> list:  # type: ignore[type-arg]
    command = replace(respond(history[0], responder), **changes)
    return [*history, *decide(command, fold(history))]


def test_the_first_responder_of_a_first_come_giveaway_gets_it() -> None:
    history = answered(FIRST_COME, PASSENGER)
    response, chosen = history[1:]
    assert isinstance(response, ResponseSent)
    assert chosen == RecipientChosen(
        response.listing_id,
        DRIVER,
        response.response_id,
        PASSENGER,
        "first_come",
        ChooseRecipient.connection_for(response.response_id),
        response.sent_at,
    )
    given(*history).when(respond(history[0], OTHER)).refused(exchange_errors.RecipientAlreadyChosen)


def test_the_giver_picks_the_recipient_among_the_responses() -> None:
    history = answered(answered(CHOOSES, PASSENGER), OTHER)
    picked = history[2]
    command = ChooseRecipient(uuid.uuid4(), picked.listing_id, DRIVER, picked.response_id, T0)
    [chosen] = decide(command, fold(history))
    assert isinstance(chosen, RecipientChosen)
    assert (chosen.recipient_id, chosen.allocation) == (OTHER, "giver_chooses")
    reserved = [*history, chosen]
    assert fold(reserved).recipient is not None
    given(*reserved).when(command).refused(exchange_errors.RecipientAlreadyChosen)
    given(*reserved).when(respond(history[0], THIRD)).refused(
        exchange_errors.RecipientAlreadyChosen
    )
    closed = decide(
        CloseListing(uuid.uuid4(), picked.listing_id, DRIVER, "done", T0), fold(reserved)
    )
    assert fold([*reserved, *closed]).status == "closed_done"


def test_nobody_picks_the_recipient_of_a_first_come_giveaway() -> None:
    history = answered(FIRST_COME, PASSENGER)
    response = history[1]
    command = ChooseRecipient(uuid.uuid4(), response.listing_id, DRIVER, response.response_id, T0)
    given(*history).when(command).refused(exchange_errors.FirstComeGiveaway)


def test_a_barter_response_says_what_it_offers_and_the_author_goes_ahead_with_one() -> None:
    history = answered(answered(BARTER, PASSENGER, offer="Ma tondeuse"), OTHER, offer="Des pots")
    assert history[1].offer == "Ma tondeuse"
    lid = history[1].listing_id
    first = ChooseResponder(uuid.uuid4(), lid, DRIVER, history[1].response_id, T0 + hours(2))
    [chosen] = decide(first, fold(history))
    assert isinstance(chosen, ResponderChosen)
    second = ChooseResponder(uuid.uuid4(), lid, DRIVER, history[2].response_id, T0 + hours(3))
    given(*history, chosen).when(second).refused(exchange_errors.RecipientAlreadyChosen)


def test_a_barter_response_without_an_offer_and_an_offer_elsewhere_are_refused() -> None:
    given(*BARTER).when(respond(BARTER[0], PASSENGER)).refused(exchange_errors.InvalidOffer)
    offered = replace(respond(CHOOSES[0], PASSENGER), offer="Rien")
    given(*CHOOSES).when(offered).refused(exchange_errors.InvalidOffer)
