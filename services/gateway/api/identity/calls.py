"""How the identity routes call the identity service. Its refusals reach the client through the
endpoint (http/refusals.py), which names a field as the route does (Route.fields): identity's
routes are the ones that rename fields, so they do not go through ServiceApi."""

from __future__ import annotations

from typing import Any

from services.gateway.http.routing import Call, Door, Reply

IDENTITY = "identity"


def command(door: Door, call: Call, method: str, purpose: str = "", **kwargs: Any) -> Any:
    """Run identity's command `method` under the call's command id (one per `purpose` when a
    route sends several); its answer (ids and position)."""
    return door.remote.call(IDENTITY, method, command_id=call.command_id(purpose), **kwargs)


def positioned(status: int, door: Door, call: Call, method: str, **kwargs: Any) -> Reply:
    """Answer `status` with the position of identity's command `method`."""
    return Reply(status, {"position": command(door, call, method, **kwargs)["position"]})
