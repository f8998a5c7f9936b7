"""The listings routes' bodies (api/listings/): requests are loaded with these schemas, answers
are cut to them (`shown`), and the OpenAPI document is generated from them.

A listing's `details` are checked here by its category's own schema
(contracts.listings.categories), each problem answered on its field, `details.<name>`, so that
a client learns everything that is wrong at once; the service checks them again.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from contracts.listings.categories import CATEGORIES, KINDS, KINDS_BY_CATEGORY, details_errors
from contracts.listings.listings import (
    MAX_DESCRIPTION,
    MAX_PHOTOS,
    MAX_TITLE,
    MIN_TITLE,
    OUTCOMES,
)
from contracts.listings.moderation import DECISIONS, MAX_REASON
from contracts.listings.responses import MAX_MESSAGE, MAX_OFFER
from services.gateway.api.listings.exchange_schemas import Exchange
from services.gateway.http.schemas import made
from services.gateway.http.text import Text

STATUSES = ("open", "closed_done", "closed_withdrawn", "expired", "withdrawn", "removed")
SIZES = ("thumb", "full")
# Other neighbourhoods of the author where the same listing is shown (the path names the first).
MAX_ALSO_IN = 9
MAX_QUERY = 200
MAX_LIMIT = 100


def _details() -> fields.Dict:
    return fields.Dict(
        keys=fields.String(),
        metadata={"description": "The category's details (see the API's table per category)."},
    )


def _photos() -> fields.List[Any]:
    return fields.List(
        fields.UUID(),
        validate=validate.Length(max=MAX_PHOTOS),
        metadata={"description": "Ids of photos I uploaded (POST /photos), in order."},
    )


def _reason() -> Text:
    return Text(1, MAX_REASON, lines=True, required=True)


# Requests


class ListingPublication(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES))
    title = Text(MIN_TITLE, MAX_TITLE, required=True)
    description = Text(0, MAX_DESCRIPTION, lines=True, load_default="")
    details = _details()
    photos = _photos()
    expires_at = fields.AwareDateTime(allow_none=True)
    also_in = fields.List(
        fields.UUID(),
        validate=validate.Length(max=MAX_ALSO_IN),
        metadata={"description": "Other neighbourhoods of mine where it is shown too."},
    )

    @validates_schema
    def _fits_its_category(self, data: dict[str, Any], **_: Any) -> None:
        category = data.get("category")
        if category is None:
            return
        errors: dict[str, Any] = dict(details_errors(category, data.get("details", {})))
        if data.get("kind") not in (None, *KINDS_BY_CATEGORY[category]):
            errors["kind"] = [
                f"A {category} listing is one of: {', '.join(KINDS_BY_CATEGORY[category])}."
            ]
        if errors:
            raise ValidationError(errors)


class ListingChange(Schema):
    """What an author may change; the category's details are checked by the service, which
    knows the category (each problem then answered on its `details.<name>`)."""

    title = Text(MIN_TITLE, MAX_TITLE)
    description = Text(0, MAX_DESCRIPTION, lines=True)
    details = _details()
    photos = _photos()


class Closing(Schema):
    outcome = fields.String(required=True, validate=validate.OneOf(OUTCOMES))


class Expiry(Schema):
    """Reopening or renewing: until when (default: as long as a new listing of its category)."""

    expires_at = fields.AwareDateTime(allow_none=True)


class ResponseSending(Schema):
    message = Text(1, MAX_MESSAGE, lines=True, required=True)
    offer = Text(
        1,
        MAX_OFFER,
        lines=True,
        metadata={"description": "A barter's response: what I offer in exchange (required)."},
    )


class Reporting(Schema):
    reason = _reason()


class Moderation(Schema):
    decision = fields.String(required=True, validate=validate.OneOf(DECISIONS))
    reason = _reason()


class Page(Schema):
    cursor = fields.String(validate=validate.Length(max=500))
    limit = fields.Integer(strict=False, validate=validate.Range(1, MAX_LIMIT), load_default=20)


class BoardQuery(Page):
    kind = fields.String(validate=validate.OneOf(KINDS))
    category = fields.String(validate=validate.OneOf(CATEGORIES))
    status = fields.String(validate=validate.OneOf(STATUSES))
    q = Text(1, MAX_QUERY, metadata={"description": "Words to find, French or English."})
    author = fields.UUID()


class PhotoQuery(Schema):
    size = fields.String(validate=validate.OneOf(SIZES), load_default="thumb")


# Answers


Published = made("Published", "listing_id")


PhotoUploaded = made("PhotoUploaded", "photo_id")


ResponseSent = made("ResponseSent", "response_id")


Reported = made("Reported", "report_id")


Connected = made("Connected", "connection_id")


class Author(Schema):
    resident_id = fields.UUID(required=True)
    display_name = fields.String(required=True, allow_none=True)
    street = fields.String(
        required=True, allow_none=True, metadata={"description": "As the author discloses it."}
    )


class Card(Schema):
    listing_id = fields.UUID(required=True)
    kind = fields.String(required=True)
    category = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.String(required=True, metadata={"description": " | ".join(STATUSES)})
    hidden = fields.Boolean(required=True, metadata={"description": "Pending a moderator."})
    neighbourhood_ids = fields.List(fields.UUID(), required=True)
    author = fields.Nested(Author, required=True)
    thumbnail_photo_id = fields.UUID(required=True, allow_none=True)
    details = fields.Dict(required=True)
    published_at = fields.AwareDateTime(required=True)
    expires_at = fields.AwareDateTime(required=True, allow_none=True)
    distance_m = fields.Integer(
        required=True,
        allow_none=True,
        metadata={"description": "From my home to the author's street, to 50 m."},
    )


class Responder(Schema):
    resident_id = fields.UUID(required=True)
    display_name = fields.String(required=True, allow_none=True)


class Answer(Schema):
    """A response, as its responder sees it."""

    response_id = fields.UUID(required=True)
    listing_id = fields.UUID(required=True)
    message = fields.String(required=True, allow_none=True)
    offer = fields.String(
        allow_none=True, metadata={"description": "A barter's: what is offered in exchange."}
    )
    sent_at = fields.AwareDateTime(required=True)
    chosen = fields.Boolean(required=True)


class Response(Answer):
    """A response, as the listing's author sees it."""

    responder = fields.Nested(Responder, required=True)


class MyResponse(Answer):
    listing = fields.Nested(
        Card,
        required=True,
        allow_none=True,
        metadata={"description": "None once I may no longer see the listing."},
    )


class Moment(Schema):
    type = fields.String(required=True, metadata={"description": "e.g. ListingEdited"})
    at = fields.AwareDateTime(required=True)


class Listing(Card):
    description = fields.String(required=True)
    photos = fields.List(fields.UUID(), required=True)
    history = fields.List(fields.Nested(Moment), required=True)
    responses_count = fields.Integer(required=True)
    my_response = fields.Nested(Answer, required=True, allow_none=True)
    reports_count = fields.Integer(
        allow_none=True, metadata={"description": "Moderators of its neighbourhoods only."}
    )
    chosen_response_id = fields.UUID(required=True, allow_none=True)
    exchange = fields.Nested(
        Exchange,
        required=True,
        allow_none=True,
        metadata={"description": "Seats, pledges or reservation, by category (else null)."},
    )


class Cards(Schema):
    items = fields.List(fields.Nested(Card), required=True)
    next_cursor = fields.String(required=True, allow_none=True)


class Responses(Schema):
    items = fields.List(fields.Nested(Response), required=True)


class MyResponses(Schema):
    items = fields.List(fields.Nested(MyResponse), required=True)
    next_cursor = fields.String(required=True, allow_none=True)


class Report(Schema):
    report_id = fields.UUID(required=True)
    reporter = fields.Nested(Responder, required=True)
    reason = fields.String(required=True, allow_none=True)
    reported_at = fields.AwareDateTime(required=True)


class ReportedListing(Card):
    """A listing with open reports, and those reports."""

    reports = fields.List(fields.Nested(Report), required=True)


class Reports(Schema):
    items = fields.List(fields.Nested(ReportedListing), required=True)
    next_cursor = fields.String(required=True, allow_none=True)
