"""Why the matching context refuses a command: one error per rule, each naming its refusal
(contracts/matching/refusals.py). Messages hold counts and limits, never a personal value nor a
resident's id, so they are safe to log and to show."""

from __future__ import annotations

from contracts.matching import refusals


class MatchingRefusal(Exception):
    """A command refused by a rule of the matching context."""


class UnknownMatch(MatchingRefusal):
    """No such match, or one the asker is not part of: the same answer for both."""

    refusal = refusals.UNKNOWN_MATCH


class MatchNotOpen(MatchingRefusal):
    refusal = refusals.MATCH_NOT_OPEN


class AlreadyAnswered(MatchingRefusal):
    refusal = refusals.ALREADY_ANSWERED


class UnknownResident(MatchingRefusal):
    refusal = refusals.UNKNOWN_RESIDENT


class UnknownConnection(MatchingRefusal):
    """No such connection, or one the asker is no side of: the same answer for both."""

    refusal = refusals.UNKNOWN_CONNECTION


class ConnectionEnded(MatchingRefusal):
    refusal = refusals.CONNECTION_ENDED


class InvalidConnectionMessage(MatchingRefusal):
    refusal = refusals.INVALID_CONNECTION_MESSAGE


class TooManyMessages(MatchingRefusal):
    """The author's messages in this connection are used up until `retry_after_seconds`."""

    refusal = refusals.TOO_MANY_MESSAGES

    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__(f"too many messages: try again in {retry_after_seconds} s")
        self.retry_after_seconds = retry_after_seconds


class InvalidThanks(MatchingRefusal):
    refusal = refusals.INVALID_THANKS


class AlreadyThanked(MatchingRefusal):
    refusal = refusals.ALREADY_THANKED


class InvalidEndReason(MatchingRefusal):
    refusal = refusals.INVALID_END_REASON


class Blocked(MatchingRefusal):
    refusal = refusals.BLOCKED


class CannotBlockYourself(MatchingRefusal):
    refusal = refusals.CANNOT_BLOCK_YOURSELF


class AlreadyBlocked(MatchingRefusal):
    refusal = refusals.ALREADY_BLOCKED


class NotBlocked(MatchingRefusal):
    refusal = refusals.NOT_BLOCKED


class TooManyBlocks(MatchingRefusal):
    refusal = refusals.TOO_MANY_BLOCKS
