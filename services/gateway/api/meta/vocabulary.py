"""GET /vocabulary: the fixed words of the contracts a client offers as choices (a listing's
kinds, categories, skills, weekdays, alert types, allocations), so that the web client reads
them from the one declaration the services validate against instead of writing them again
(contracts/vocabulary.py)."""

from __future__ import annotations

from marshmallow import Schema, fields

from contracts.vocabulary import shown
from services.gateway.http.routing import Call, Door, Reply, Route, route


class ListingWords(Schema):
    kinds = fields.List(fields.String(), required=True)
    categories = fields.List(fields.String(), required=True)
    kinds_by_category = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        required=True,
        metadata={"description": "The kinds a listing of each category may be."},
    )
    skills = fields.List(fields.String(), required=True)
    weekdays = fields.List(fields.String(), required=True)
    alert_types = fields.List(fields.String(), required=True)
    allocations = fields.List(fields.String(), required=True)


class Vocabulary(Schema):
    listings = fields.Nested(ListingWords, required=True)


# Declared once and fixed while the gateway runs: computed once.
SHOWN = shown()


@route(
    Route(
        "GET",
        "/vocabulary",
        "The fixed words a client offers as choices: a listing's kinds, categories, skills...",
        200,
        Vocabulary,
        auth=False,
        tag="meta",
    )
)
def vocabulary(door: Door, call: Call) -> Reply:
    """Each context's words, as its contracts declare them."""
    return Reply(200, SHOWN)
