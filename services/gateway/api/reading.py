"""Read-your-writes for every context's routes: the `after` a route passes to its service."""

from __future__ import annotations

from typing import Any

from services.gateway.http.routing import Call
from services.runtime.read_models import CAUGHT_UP_SECONDS as CATCH_UP_SECONDS


def reading(call: Call, waits: int = 1) -> dict[str, Any]:
    """`after` for a query, or a command that needs the caller's home (found, join,
    redraw): the client's, which the service may take `waits` catch-up times to reach;
    else the position the sign-in saw, reached at once. Right after verifying an address,
    a client passes the position the verification answered."""
    if call.after is not None:
        return {"after": call.after, "patience": CATCH_UP_SECONDS * waits}
    return {
        "after": call.session.position if call.session else None,
        "patience": CATCH_UP_SECONDS * (waits - 1),
    }
