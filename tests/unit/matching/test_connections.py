"""A connection: made once from a match or a chosen responder (never between a blocked pair),
messages while it is open and within the rate, ended by either side or by a block, thanked once
by each side."""

from __future__ import annotations

from dataclasses import replace

from contracts.matching.events import ConnectionEnded, MessagePosted, ThanksGiven
from matching.domain import errors
from matching.domain.connection import MESSAGE_WINDOW, MESSAGES_PER_WINDOW
from tests.unit.matching.connections_kit import (
    ADA,
    BOB,
    CID,
    EVE,
    T0,
    end,
    end_for_block,
    given,
    made,
    make,
    minutes,
    post,
    thank,
)


def test_a_chosen_responder_makes_the_connection_once() -> None:
    given().when(make()).then(made())
    given(made()).when(make()).then()


def test_a_blocked_pair_is_never_connected() -> None:
    given().when(make(blocked=True)).then()


def test_either_side_writes_to_the_other_and_the_text_is_trimmed() -> None:
    command = post(BOB, "  Bonjour Ada  ")
    given(made()).when(command).then(
        MessagePosted(CID, command.message_id, BOB, ADA, "Bonjour Ada", T0)
    )


def test_someone_outside_the_connection_learns_nothing_of_it() -> None:
    given(made()).when(post(EVE)).refused(errors.UnknownConnection)
    given().when(post(ADA)).refused(errors.UnknownConnection)


def test_an_empty_or_too_long_message_is_refused() -> None:
    given(made()).when(post(ADA, "   ")).refused(errors.InvalidConnectionMessage)
    given(made()).when(post(ADA, "x" * 2001)).refused(errors.InvalidConnectionMessage)
    given(made()).when(post(ADA, "x" * 2000)).events  # noqa: B018 (accepted)


def test_messages_are_rate_limited_per_author_until_the_window_moves_on() -> None:
    history = [made()]
    for n in range(MESSAGES_PER_WINDOW):
        history += given(*history).when(post(ADA, f"n{n}", at=T0 + minutes(n / 10))).events
    refused = (
        given(*history)
        .when(post(ADA, "one more", at=T0 + minutes(5)))
        .refused(errors.TooManyMessages)
    )
    assert refused.retry_after_seconds == int((MESSAGE_WINDOW - minutes(5)).total_seconds())
    # The other side is not held back, and the author may write again once the window moved.
    assert given(*history).when(post(BOB, at=T0 + minutes(5))).events
    assert given(*history).when(post(ADA, at=T0 + MESSAGE_WINDOW + minutes(1))).events


def test_either_side_ends_it_and_then_no_message_is_written() -> None:
    command = end(BOB, "  Prêt rendu, merci  ")
    ended = ConnectionEnded(CID, BOB, (ADA, BOB), command.at, "Prêt rendu, merci")
    given(made()).when(command).then(ended)
    given(made(), ended).when(post(ADA)).refused(errors.ConnectionEnded)
    given(made(), ended).when(end(ADA)).refused(errors.ConnectionEnded)
    given(made()).when(end(ADA, "x" * 501)).refused(errors.InvalidEndReason)


def test_a_block_ends_it_and_forbids_messages_and_thanks() -> None:
    command = end_for_block(ADA)
    ended = ConnectionEnded(CID, ADA, (ADA, BOB), command.at, None, blocked=True)
    given(made()).when(command).then(ended)
    given(made(), ended).when(end_for_block(BOB)).then()
    given(made(), ended).when(post(BOB, blocked=True)).refused(errors.Blocked)
    given(made(), ended).when(thank(BOB, blocked=True)).refused(errors.Blocked)
    # A block the connection has not heard of yet is refused all the same.
    given(made()).when(post(BOB, blocked=True)).refused(errors.Blocked)


def test_once_the_block_is_lifted_the_ending_is_told_as_it_is() -> None:
    ended = ConnectionEnded(CID, ADA, (ADA, BOB), T0, None, blocked=True)
    given(made(), ended).when(post(BOB)).refused(errors.ConnectionEnded)
    given(made(), ended).when(thank(BOB)).refused(errors.EndedByBlock)
    given(made(), ended).when(thank(ADA)).refused(errors.EndedByBlock)


def test_a_reason_that_reads_blocked_is_only_a_reason() -> None:
    command = end(ADA, "blocked")
    ended = ConnectionEnded(CID, ADA, (ADA, BOB), command.at, "blocked")
    given(made()).when(command).then(ended)
    given(made(), ended).when(post(BOB)).refused(errors.ConnectionEnded)
    assert given(made(), ended).when(thank(BOB)).events
    assert given(made(), ended).when(thank(ADA)).events


def test_each_side_thanks_the_other_once_even_after_the_end() -> None:
    command = thank(ADA, " Merci pour la perceuse ! ")
    thanks = ThanksGiven(CID, command.thanks_id, ADA, BOB, "Merci pour la perceuse !", command.at)
    ended = replace(ConnectionEnded(CID, BOB, (ADA, BOB), T0, None))
    given(made(), ended).when(command).then(thanks)
    given(made(), thanks).when(thank(ADA)).refused(errors.AlreadyThanked)
    assert given(made(), thanks).when(thank(BOB)).events
    given(made()).when(thank(ADA, "")).refused(errors.InvalidThanks)
    given(made()).when(thank(ADA, "x" * 501)).refused(errors.InvalidThanks)
