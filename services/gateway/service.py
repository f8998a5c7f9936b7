"""The `gateway` Nameko service: the platform's only public door.

HTTP/JSON under /api/v1 (each context's routes in services/gateway/api/<context>/, listed in
api/registry.py), its OpenAPI document at /api/v1/openapi.json, and the web client at /
(http/server.py, http/static.py). Listens on WEB_SERVER_ADDRESS (QUARTIER_HTTP_ADDRESS, default
127.0.0.1:8000).

Beside the requests it keeps sessions in its own database, revokes them on identity's events
(access/revocations.py), and sweeps expired sessions and rate-limit windows every hour.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime

from services.gateway.access import revocations
from services.gateway.access.gate import Access, Gate
from services.gateway.api.registry import tables
from services.gateway.http.endpoint import entrypoint
from services.gateway.remote import Remote, RemoteServices
from services.runtime.health import Readiness
from services.runtime.subscriptions import Subscriptions
from services.runtime.timers import configured_timer

log = logging.getLogger("quartier.gateway")
SWEEP_SETTING = "QUARTIER_GATEWAY_SWEEP_SECONDS"


class GatewayService:
    """Every route of every context's table is one of its methods (`serve` below); a route
    function gets the service as its Door (remote, access)."""

    name = "gateway"

    remote: Remote = RemoteServices()
    access: Gate = Access()
    revocations = Subscriptions(revocations.revocations)
    readiness = Readiness()

    @configured_timer(SWEEP_SETTING, default=3600.0)
    def sweep(self) -> None:
        """Forget expired sessions and ended rate-limit windows (every replica may run it)."""
        try:
            ended = self.access.sessions.sweep(datetime.now(UTC))
            self.access.limiter.sweep(time.time())
        except Exception as exc:  # the database away: the next tick tries again
            log.warning("gateway sweep failed: %s", type(exc).__name__)
            return
        if ended:
            log.info("gateway sweep: %d expired sessions removed", ended)


def serve(service: type) -> None:
    """Make every route of the registered contexts an entrypoint of `service`."""
    for spec, handler in tables():
        name = handler.__name__
        if hasattr(service, name):
            raise ValueError(f"two routes are answered by a function named {name!r}")
        setattr(service, name, entrypoint(spec, handler))


serve(GatewayService)

__all__ = ["GatewayService"]
