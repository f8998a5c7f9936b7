"""GET /openapi.json: the document of every route."""

from __future__ import annotations

from services.gateway.http import openapi
from services.gateway.http.routing import Call, Door, Reply, Route, route


@route(
    Route(
        "GET", "/openapi.json", "This API's OpenAPI 3.1 document", 200, None, auth=False, tag="meta"
    )
)
def openapi_document(door: Door, call: Call) -> Reply:
    """The OpenAPI document of every route, generated from the request/response schemas."""
    return Reply(200, openapi.document())
