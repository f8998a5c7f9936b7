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

from marshmallow import fields, validate

from ..fields import contract_of, one_of, text
from ..pii import pii

MAX_MESSAGE = 2000
MAX_THANKS = 500
MAX_END_REASON = 500
SOURCES = ("match", "response")
MESSAGE = validate.Length(min=1, max=MAX_MESSAGE)
THANKS = validate.Length(min=1, max=MAX_THANKS)
END_REASON = validate.Length(min=1, max=MAX_END_REASON)
# A connection ended because one side blocked the other names this as its reason.
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
    """One side ended the connection (or blocked the other: `reason` is then "blocked"); no
    message may be written in it any more."""

    connection_id: uuid.UUID
    ended_by: uuid.UUID
    resident_ids: tuple[uuid.UUID, uuid.UUID]
    ended_at: datetime
    reason: str | None = None


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
CONNECTION_ENDED = contract_of(
    "matching",
    ConnectionEnded,
    "ended_by",
    resident_ids=_pair(),
    # Said by the one who ended it, about the exchange: their words.
    reason=pii(fields.String(load_default=None, allow_none=True, validate=END_REASON)),
)
THANKS_GIVEN = contract_of("matching", ThanksGiven, "author_id", text=pii(text(THANKS)))
