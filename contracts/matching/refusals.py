"""Why the matching context refuses a command, each refusal declared once (contracts/refusals.py):
its code, HTTP status, field, details and limits, read by the domain errors, the service's door,
the gateway, the OpenAPI document and the web client.

A match the asker is not part of answers `unknown_match` (404), exactly as one that does not
exist, so that who was matched with whom is not revealed. A connection the asker is no side of
answers `unknown_connection` (404), exactly as one that does not exist; a resident whose thanks
the asker may not read answers `unknown_resident`.
"""

from __future__ import annotations

from ..identity.refusals import UNKNOWN_RESIDENT as UNKNOWN_RESIDENT  # the same answer, said once
from ..refusals import Refusal, conflict, gathered, invalid, missing, too_long
from .blocks import MAX_BLOCKS
from .connections import MAX_END_REASON, MAX_MESSAGE, MAX_THANKS

MESSAGES_PER_WINDOW = 30
MESSAGE_WINDOW_MINUTES = 10

# Matches
UNKNOWN_MATCH = missing("unknown_match", "No such match.")
MATCH_NOT_OPEN = conflict(
    "match_not_open", "This match is over: declined, withdrawn or already connected."
)
ALREADY_ANSWERED = conflict("match_already_answered", "You already answered this match.")
# Connections, messages, thanks
UNKNOWN_CONNECTION = missing("unknown_connection", "No such connection.")
CONNECTION_ENDED = conflict("connection_ended", "This connection has ended.")
INVALID_CONNECTION_MESSAGE = too_long(
    "invalid_connection_message", "text", "A message has 1 to {max_length} characters.", MAX_MESSAGE
)
TOO_MANY_MESSAGES = Refusal(
    "too_many_messages",
    429,
    "You may send at most {max_messages} messages in {window_minutes} minutes.",
    details=("retry_after_seconds",),
    limits={"max_messages": MESSAGES_PER_WINDOW, "window_minutes": MESSAGE_WINDOW_MINUTES},
    explained=(
        "You may send at most {max_messages} messages in {window_minutes} minutes:"
        " try again in {retry_after_seconds} seconds."
    ),
)
INVALID_THANKS = too_long(
    "invalid_thanks", "text", "A thank-you has 1 to {max_length} characters.", MAX_THANKS
)
ALREADY_THANKED = conflict("already_thanked", "You have thanked them for this already.")
INVALID_END_REASON = too_long(
    "invalid_end_reason", "reason", "A reason has at most {max_length} characters.", MAX_END_REASON
)
# Blocks
BLOCKED = conflict("blocked", "One of you has blocked the other.")
# A block ended the connection; it stays unthanked after the block is lifted (decision 0075).
ENDED_BY_BLOCK = conflict(
    "ended_by_block", "A block ended this connection: it cannot be thanked, even after an unblock."
)
CANNOT_BLOCK_YOURSELF = invalid("cannot_block_yourself", None, "You cannot block yourself.")
ALREADY_BLOCKED = conflict("already_blocked", "You have blocked this resident already.")
NOT_BLOCKED = conflict("not_blocked", "You have not blocked this resident.")
TOO_MANY_BLOCKS = conflict(
    "too_many_blocks",
    "You may block at most {max_blocks} residents.",
    limits={"max_blocks": MAX_BLOCKS},
)

REFUSALS = gathered(globals())
