"""Listings contracts of the answers to a listing: a member responds with a message, the author
goes ahead with one responder. Declared in contracts.listings.

A response's message is written by the responder about their interest: sealed with the
responder's key. Going ahead with a responder names a `connection_id` (derived from the
response), which the matching context turns into a connection ("mise en relation").
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from marshmallow import validate

from ..fields import contract_of, text
from ..pii import pii

MAX_MESSAGE = 2000
MESSAGE = validate.Length(min=1, max=MAX_MESSAGE)


@dataclass(frozen=True)
class ResponseSent:
    """A member (not the author) expressed interest in an open listing, with a message."""

    listing_id: uuid.UUID
    response_id: uuid.UUID
    responder_id: uuid.UUID
    message: str
    sent_at: datetime


@dataclass(frozen=True)
class ResponderChosen:
    """The author goes ahead with the responder of `response_id`."""

    listing_id: uuid.UUID
    response_id: uuid.UUID
    responder_id: uuid.UUID
    author_id: uuid.UUID
    connection_id: uuid.UUID
    chosen_at: datetime


RESPONSE_SENT = contract_of("listings", ResponseSent, "responder_id", message=pii(text(MESSAGE)))
RESPONDER_CHOSEN = contract_of("listings", ResponderChosen)
