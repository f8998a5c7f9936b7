"""Why the matching context refuses a command, each refusal declared once
(contracts/refusals.py). A match the asker is not part of answers `unknown_match` (404), exactly
as one that does not exist, so that who was matched with whom is not revealed.
"""

from __future__ import annotations

from ..refusals import Refusal, declare

UNKNOWN_MATCH = Refusal("unknown_match", 404, "No such match.", client_code="not_found")
MATCH_NOT_OPEN = Refusal(
    "match_not_open",
    409,
    "This match is over: declined, withdrawn or already connected.",
)
ALREADY_ANSWERED = Refusal(
    "match_already_answered",
    409,
    "You already answered this match.",
)

REFUSALS = declare(UNKNOWN_MATCH, MATCH_NOT_OPEN, ALREADY_ANSWERED)
