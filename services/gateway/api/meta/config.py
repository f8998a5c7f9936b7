"""GET /config: what the web client needs to know of this installation before it draws a map
(the tile server, when the operator named one). Public: the sign-in page has no map, but the
answer holds nothing personal and the same for everyone."""

from __future__ import annotations

from marshmallow import Schema, fields

from services.gateway.http.routing import Call, Door, Reply, Route, route


class MapConfig(Schema):
    tiles = fields.String(required=True, metadata={"description": "URL template {z}/{x}/{y}"})
    attribution = fields.String(required=True)


class ClientConfig(Schema):
    map = fields.Nested(MapConfig, allow_none=True, required=True)


@route(
    Route(
        "GET",
        "/config",
        "The web client's settings: the map tile server, if any",
        200,
        ClientConfig,
        auth=False,
        tag="meta",
    )
)
def client_config(door: Door, call: Call) -> Reply:
    tiles = door.access.settings.tiles
    return Reply(200, {"map": tiles.client_config() if tiles else None})
