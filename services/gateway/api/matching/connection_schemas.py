"""The bodies of the connections' routes (api/matching/connections.py): requests are loaded
with these schemas, answers cut to them (`shown`), and the OpenAPI document is generated from
them."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from contracts.matching.connections import MAX_END_REASON, MAX_MESSAGE, MAX_THANKS
from services.gateway.http.schemas import made
from services.gateway.http.text import Text

MAX_PAGE = 100


# Requests


class Writing(Schema):
    text = Text(1, MAX_MESSAGE, lines=True, required=True)


class Thanking(Schema):
    text = Text(1, MAX_THANKS, lines=True, required=True)


class Ending(Schema):
    reason = Text(0, MAX_END_REASON, lines=True, load_default=None, allow_none=True)


class MessagesQuery(Schema):
    cursor = fields.String(
        validate=validate.Length(max=100),
        metadata={"description": "next_cursor of the page shown: older messages."},
    )
    limit = fields.Integer(validate=validate.Range(1, MAX_PAGE))


# Answers


Written = made("Written", "message_id")


Thanked = made("Thanked", "thanks_id")


class Address(Schema):
    line = fields.String(metadata={"description": "Full address disclosed only."})
    postcode = fields.String()
    street = fields.String(metadata={"description": "Street disclosed: no house number."})
    city = fields.String()


class Revealed(Schema):
    """What the other side discloses to the people they are connected with."""

    resident_id = fields.UUID(required=True)
    display_name = fields.String(required=True, allow_none=True)
    erased = fields.Boolean(required=True)
    phone = fields.String(required=True, allow_none=True)
    email = fields.String(
        required=True, allow_none=True, metadata={"description": "When they disclose all."}
    )
    address = fields.Nested(Address, required=True, allow_none=True)


class Connection(Schema):
    connection_id = fields.UUID(required=True)
    other = fields.Nested(Revealed, required=True)
    source = fields.String(required=True, metadata={"description": "match | response"})
    listing_id = fields.UUID(required=True, allow_none=True)
    match_id = fields.UUID(required=True, allow_none=True)
    made_at = fields.AwareDateTime(required=True)
    last_at = fields.AwareDateTime(required=True)
    status = fields.String(required=True, metadata={"description": "open | ended"})
    ended_at = fields.AwareDateTime(required=True, allow_none=True)
    ended_by_me = fields.Boolean(required=True, allow_none=True)
    end_reason = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "The words of whoever ended it, if any (none for a block)."},
    )
    ended_by_block = fields.Boolean(
        required=True,
        metadata={"description": "A block ended it: it is never thanked, even after an unblock."},
    )
    blocked = fields.Boolean(required=True, metadata={"description": "One of us blocks the other."})
    thanked = fields.Boolean(required=True, metadata={"description": "I thanked them."})


class Connections(Schema):
    items = fields.List(fields.Nested(Connection), required=True)


class Message(Schema):
    message_id = fields.UUID(required=True)
    author_id = fields.UUID(required=True)
    mine = fields.Boolean(required=True)
    text = fields.String(required=True, allow_none=True)
    erased = fields.Boolean(required=True, metadata={"description": "Its author was erased."})
    posted_at = fields.AwareDateTime(required=True)


class Messages(Schema):
    items = fields.List(fields.Nested(Message), required=True)
    next_cursor = fields.String(required=True, allow_none=True)


class Person(Schema):
    resident_id = fields.UUID(required=True)
    display_name = fields.String(required=True, allow_none=True)


class Thanks(Schema):
    thanks_id = fields.UUID(required=True)
    author = fields.Nested(Person, required=True)
    text = fields.String(required=True, allow_none=True)
    erased = fields.Boolean(required=True)
    given_at = fields.AwareDateTime(required=True)


class ThanksList(Schema):
    resident = fields.Nested(Person, required=True)
    items = fields.List(fields.Nested(Thanks), required=True)


class Block(Person):
    since = fields.AwareDateTime(required=True)


class Blocks(Schema):
    items = fields.List(fields.Nested(Block), required=True)
