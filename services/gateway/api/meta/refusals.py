"""GET /refusals: the refusal catalogue (contracts.refusals.catalogue()) as clients need it, so
that the web client reads the numbers a rule is about (a name's length, a boundary's area) from
the one declaration the services enforce, instead of writing them again."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

from contracts.refusals import catalogue
from services.gateway.http.routing import Call, Door, Reply, Route, route


class RefusalShown(Schema):
    code = fields.String(
        required=True, metadata={"description": "The code a client gets (error.code)."}
    )
    status = fields.Integer(required=True)
    field = fields.String(
        allow_none=True, metadata={"description": "The request field it is about, if any."}
    )
    limits = fields.Dict(
        keys=fields.String(),
        values=fields.Float(),
        required=True,
        metadata={"description": "The numbers the rule is about: max_length, max_area_km2..."},
    )


class Refusals(Schema):
    refusals = fields.Dict(
        keys=fields.String(),
        values=fields.Nested(RefusalShown),
        required=True,
        metadata={"description": "Every refusal of the services, by its declared code."},
    )


def shown() -> dict[str, Any]:
    return {
        "refusals": {
            code: {
                "code": refusal.answered_code,
                "status": refusal.status,
                "field": refusal.field,
                "limits": dict(refusal.limits),
            }
            for code, refusal in sorted(catalogue().items())
        }
    }


# Declared once and fixed while the gateway runs: computed once.
SHOWN = shown()


@route(
    Route(
        "GET",
        "/refusals",
        "Why the services may refuse a request, with the limits of each rule",
        200,
        Refusals,
        auth=False,
        tag="meta",
    )
)
def refusals(door: Door, call: Call) -> Reply:
    """The refusal catalogue: for each code, its status, its field and its limits."""
    return Reply(200, SHOWN)
