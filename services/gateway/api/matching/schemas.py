"""The matching routes' answers, cut to these schemas and documented from them."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from contracts.listings.categories import CATEGORIES
from contracts.matching.matches import FACTORS, MAX_SCORE, STATUSES, WITHDRAWAL_CAUSES


class Reason(Schema):
    factor = fields.String(required=True, validate=validate.OneOf(FACTORS))
    points = fields.Integer(required=True)
    detail = fields.Dict(
        required=True,
        metadata={
            "description": "What the factor found: category (category, offered?), words "
            "(skills, shared_words), time (days, minutes_apart?), distance (metres, "
            "same_street), route (pickup_m, dropoff_m)."
        },
    )


class MatchedListing(Schema):
    listing_id = fields.UUID(required=True)
    title = fields.String(required=True, allow_none=True)


class Other(Schema):
    resident_id = fields.UUID(required=True)
    display_name = fields.String(required=True, allow_none=True)


class Match(Schema):
    """A match as one of its two sides sees it."""

    match_id = fields.UUID(required=True)
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES))
    score = fields.Integer(required=True, validate=validate.Range(0, MAX_SCORE))
    reasons = fields.List(fields.Nested(Reason), required=True)
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    proposed_at = fields.AwareDateTime(required=True)
    my_side = fields.String(required=True, validate=validate.OneOf(("offer", "request")))
    my_listing = fields.Nested(MatchedListing, required=True)
    their_listing = fields.Nested(MatchedListing, required=True)
    other = fields.Nested(Other, required=True)
    i_accepted = fields.Boolean(required=True)
    they_accepted = fields.Boolean(required=True)
    connection_id = fields.UUID(
        required=True, allow_none=True, metadata={"description": "Once both sides accepted."}
    )
    withdrawal = fields.String(
        required=True, allow_none=True, validate=validate.OneOf(WITHDRAWAL_CAUSES)
    )


class Matches(Schema):
    items = fields.List(fields.Nested(Match), required=True)
