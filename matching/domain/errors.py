"""Why the matching context refuses a command: one error per rule, each naming its refusal
(contracts/matching/refusals.py). Messages hold counts and limits, never a personal value nor a
resident's id, so they are safe to log and to show."""

from __future__ import annotations

from contracts.matching import refusals
from contracts.refusals import Refused, retry_later, rule


class MatchingRefusal(Refused):
    """A command refused by a rule of the matching context."""


# No such match, or one the asker is not part of: the same answer for both.
UnknownMatch = rule(MatchingRefusal, refusals.UNKNOWN_MATCH)
MatchNotOpen = rule(MatchingRefusal, refusals.MATCH_NOT_OPEN)
AlreadyAnswered = rule(MatchingRefusal, refusals.ALREADY_ANSWERED)
UnknownResident = rule(MatchingRefusal, refusals.UNKNOWN_RESIDENT)
# No such connection, or one the asker is no side of: the same answer for both.
UnknownConnection = rule(MatchingRefusal, refusals.UNKNOWN_CONNECTION)
ConnectionEnded = rule(MatchingRefusal, refusals.CONNECTION_ENDED)
InvalidConnectionMessage = rule(MatchingRefusal, refusals.INVALID_CONNECTION_MESSAGE)


# The author's messages in this connection are used up until `retry_after_seconds`.
TooManyMessages = retry_later(MatchingRefusal, refusals.TOO_MANY_MESSAGES, "too many messages")


InvalidThanks = rule(MatchingRefusal, refusals.INVALID_THANKS)
AlreadyThanked = rule(MatchingRefusal, refusals.ALREADY_THANKED)
InvalidEndReason = rule(MatchingRefusal, refusals.INVALID_END_REASON)
Blocked = rule(MatchingRefusal, refusals.BLOCKED)
EndedByBlock = rule(MatchingRefusal, refusals.ENDED_BY_BLOCK)
CannotBlockYourself = rule(MatchingRefusal, refusals.CANNOT_BLOCK_YOURSELF)
AlreadyBlocked = rule(MatchingRefusal, refusals.ALREADY_BLOCKED)
NotBlocked = rule(MatchingRefusal, refusals.NOT_BLOCKED)
TooManyBlocks = rule(MatchingRefusal, refusals.TOO_MANY_BLOCKS)
