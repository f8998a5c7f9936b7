"""Matching contracts of a connection ("mise en relation"): two residents put in touch, the
messages they write to each other, its end, and the thanks each may leave. Declared in
contracts.matching.

Stream `matching.connection-<connection_id>`. The id comes from the match
(`matching.MatchConnected`) or from the listing whose author went ahead with a responder
(`listings.ResponderChosen.connection_id`); a policy turns either into ConnectionMade.

A message and a thank-you are their author's words: sealed with the author's key, shredded
when the author is erased, pseudonymised for analysts.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from marshmallow import Schema, fields, validate

from ..fields import contract_of, one_of, schema_of, text
from ..pii import pii
from ..registry import OldVersion, declare

MAX_MESSAGE = 2000
MAX_THANKS = 500
MAX_END_REASON = 500
SOURCES = ("match", "response")
MESSAGE = validate.Length(min=1, max=MAX_MESSAGE)
THANKS = validate.Length(min=1, max=MAX_THANKS)
END_REASON = validate.Length(min=1, max=MAX_END_REASON)
# Version 1 of ConnectionEnded named a block by this reason, which a resident could type too.
BLOCKED = "blocked"


def _pair() -> fields.List[Any]:
    return fields.List(fields.UUID(), required=True, validate=validate.Length(equal=2))


@dataclass(frozen=True)
class ConnectionMade:
    """Two residents are put in touch: each may now see what the other discloses and write to
    them. `source` says what made it: a match both accepted, or a listing's author going ahead
    with a responder (then `listing_id` names the listing)."""

    connection_id: uuid.UUID
    resident_ids: tuple[uuid.UUID, uuid.UUID]
    source: str
    made_at: datetime
    match_id: uuid.UUID | None = None
    listing_id: uuid.UUID | None = None


@dataclass(frozen=True)
class MessagePosted:
    """One side wrote to the other."""

    connection_id: uuid.UUID
    message_id: uuid.UUID
    author_id: uuid.UUID
    recipient_id: uuid.UUID
    text: str
    posted_at: datetime


@dataclass(frozen=True)
class ConnectionEnded:
    """One side ended the connection, with their reason if they gave one, or it ended because
    `ended_by` blocked the other (`blocked`, no reason); no message may be written in it any
    more, and after a block no thanks either."""

    connection_id: uuid.UUID
    ended_by: uuid.UUID
    resident_ids: tuple[uuid.UUID, uuid.UUID]
    ended_at: datetime
    reason: str | None = None
    blocked: bool = False


@dataclass(frozen=True)
class ThanksGiven:
    """After the exchange, one side thanked the other (a short text, no rating)."""

    connection_id: uuid.UUID
    thanks_id: uuid.UUID
    author_id: uuid.UUID
    recipient_id: uuid.UUID
    text: str
    given_at: datetime


CONNECTION_MADE = contract_of(
    "matching",
    ConnectionMade,
    resident_ids=_pair(),
    source=one_of(SOURCES),
    match_id=fields.UUID(load_default=None, allow_none=True),
    listing_id=fields.UUID(load_default=None, allow_none=True),
)
MESSAGE_POSTED = contract_of("matching", MessagePosted, "author_id", text=pii(text(MESSAGE)))


def _end_reason() -> fields.String:
    # Said by the one who ended it, about the exchange: their words.
    return pii(fields.String(load_default=None, allow_none=True, validate=END_REASON))


class ConnectionEndedV1Schema(Schema):
    """Version 1 had no `blocked`: a block was the reason "blocked"."""

    connection_id = fields.UUID(required=True)
    ended_by = fields.UUID(required=True)
    resident_ids = _pair()
    ended_at = fields.AwareDateTime(required=True)
    reason = _end_reason()


def connection_ended_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Read as it was decided then: the reason "blocked" ended the connection as a block (an
    erased reason stays erased, and is no block)."""
    blocked = data.get("reason") == BLOCKED
    return {**data, "reason": None if blocked else data.get("reason"), "blocked": blocked}


CONNECTION_ENDED = declare(
    "matching.ConnectionEnded",
    2,
    ConnectionEnded,
    schema_of(
        ConnectionEnded,
        resident_ids=_pair(),
        reason=_end_reason(),
        blocked=fields.Boolean(required=True, truthy={True}, falsy={False}),
    ),
    subject="ended_by",
    history=[OldVersion(1, ConnectionEndedV1Schema, upcast=connection_ended_v1_to_v2)],
)
THANKS_GIVEN = contract_of("matching", ThanksGiven, "author_id", text=pii(text(THANKS)))
