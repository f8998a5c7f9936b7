"""Listings contracts of the answers to a listing: a member responds with a message, the author
goes ahead with one responder. Declared in contracts.listings.

A response's message is written by the responder about their interest: sealed with the
responder's key, as is `offer`, what a barter's responder offers in exchange (None for every
other category; version 1 had no offer). Going ahead with a responder names a `connection_id`
(derived from the response), which the matching context turns into a connection
("mise en relation").
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from marshmallow import Schema, fields, validate

from ..fields import contract_of, schema_of, text
from ..pii import pii
from ..registry import OldVersion, declare
from .categories import MAX_NOTES

MAX_MESSAGE = 2000
MESSAGE = validate.Length(min=1, max=MAX_MESSAGE)
MAX_OFFER = MAX_NOTES
OFFER = validate.Length(min=1, max=MAX_OFFER)


@dataclass(frozen=True)
class ResponseSent:
    """A member (not the author) expressed interest in an open listing, with a message."""

    listing_id: uuid.UUID
    response_id: uuid.UUID
    responder_id: uuid.UUID
    message: str
    sent_at: datetime
    offer: str | None = None


@dataclass(frozen=True)
class ResponderChosen:
    """The author goes ahead with the responder of `response_id`."""

    listing_id: uuid.UUID
    response_id: uuid.UUID
    responder_id: uuid.UUID
    author_id: uuid.UUID
    connection_id: uuid.UUID
    chosen_at: datetime


class ResponseSentV1Schema(Schema):
    """Version 1 had no offer."""

    listing_id = fields.UUID(required=True)
    response_id = fields.UUID(required=True)
    responder_id = fields.UUID(required=True)
    message = pii(text(MESSAGE))
    sent_at = fields.AwareDateTime(required=True)


def response_sent_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    return {**data, "offer": None}


RESPONSE_SENT = declare(
    "listings.ResponseSent",
    2,
    ResponseSent,
    schema_of(ResponseSent, message=pii(text(MESSAGE)), offer=pii(text(OFFER, nullable=True))),
    subject="responder_id",
    history=[OldVersion(1, ResponseSentV1Schema, upcast=response_sent_v1_to_v2)],
)
RESPONDER_CHOSEN = contract_of("listings", ResponderChosen)
