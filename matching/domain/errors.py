"""Why the matching context refuses a command: one error per rule, each naming its refusal
(contracts/matching/refusals.py). Messages hold no personal value nor a resident's id."""

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
