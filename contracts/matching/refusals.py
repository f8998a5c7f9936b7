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
from ..refusals import Refusal, declare
from .blocks import MAX_BLOCKS
from .connections import MAX_END_REASON, MAX_MESSAGE, MAX_THANKS

MESSAGES_PER_WINDOW = 30
MESSAGE_WINDOW_MINUTES = 10

# Matches
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
# Connections, messages, thanks
UNKNOWN_CONNECTION = Refusal(
    "unknown_connection", 404, "No such connection.", client_code="not_found"
)
CONNECTION_ENDED = Refusal("connection_ended", 409, "This connection has ended.")
INVALID_CONNECTION_MESSAGE = Refusal(
    "invalid_connection_message",
    422,
    "A message has 1 to {max_length} characters.",
    field="text",
    limits={"max_length": MAX_MESSAGE},
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
INVALID_THANKS = Refusal(
    "invalid_thanks",
    422,
    "A thank-you has 1 to {max_length} characters.",
    field="text",
    limits={"max_length": MAX_THANKS},
)
ALREADY_THANKED = Refusal("already_thanked", 409, "You have thanked them for this already.")
INVALID_END_REASON = Refusal(
    "invalid_end_reason",
    422,
    "A reason has at most {max_length} characters.",
    field="reason",
    limits={"max_length": MAX_END_REASON},
)
# Blocks
BLOCKED = Refusal("blocked", 409, "One of you has blocked the other.")
CANNOT_BLOCK_YOURSELF = Refusal("cannot_block_yourself", 422, "You cannot block yourself.")
ALREADY_BLOCKED = Refusal("already_blocked", 409, "You have blocked this resident already.")
NOT_BLOCKED = Refusal("not_blocked", 409, "You have not blocked this resident.")
TOO_MANY_BLOCKS = Refusal(
    "too_many_blocks",
    409,
    "You may block at most {max_blocks} residents.",
    limits={"max_blocks": MAX_BLOCKS},
)

REFUSALS = declare(
    UNKNOWN_MATCH,
    MATCH_NOT_OPEN,
    ALREADY_ANSWERED,
    UNKNOWN_RESIDENT,
    UNKNOWN_CONNECTION,
    CONNECTION_ENDED,
    INVALID_CONNECTION_MESSAGE,
    TOO_MANY_MESSAGES,
    INVALID_THANKS,
    ALREADY_THANKED,
    INVALID_END_REASON,
    BLOCKED,
    CANNOT_BLOCK_YOURSELF,
    ALREADY_BLOCKED,
    NOT_BLOCKED,
    TOO_MANY_BLOCKS,
)
