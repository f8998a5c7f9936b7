"""The `gateway` Nameko service: the platform's only public door.

HTTP/JSON under /api/v1 (routes declared with endpoint.route, handlers in service_*.py), its
OpenAPI document at /api/v1/openapi.json, and the web client at / (server.py, static.py).
Listens on WEB_SERVER_ADDRESS (QUARTIER_HTTP_ADDRESS, default 127.0.0.1:8000).

Beside the requests it keeps sessions in its own database, revokes them on identity's events
(projections.py), and sweeps expired sessions and rate-limit windows every hour.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime

from services.gateway.access.gate import Access, Gate
from services.gateway.access import revocations as projections
from services.gateway.api.identity import accounts as service_accounts
from services.gateway.api.identity import addresses as service_addresses
from services.gateway.api.neighbourhoods import routes as service_neighbourhoods
from services.gateway.http import openapi
from services.gateway.http.endpoint import route
from services.gateway.http.routing import Call, Reply, Route
from services.gateway.remote import Remote, RemoteServices
from services.runtime.subscriptions import Subscriptions
from services.runtime.timers import configured_timer

log = logging.getLogger("quartier.gateway")
SWEEP_SETTING = "QUARTIER_GATEWAY_SWEEP_SECONDS"


# Mixins imported as modules: `nameko run services.gateway.service` finds one service here.
class GatewayService(
    service_accounts.AccountRoutes,
    service_addresses.AddressRoutes,
    service_neighbourhoods.NeighbourhoodRoutes,
):
    name = "gateway"

    remote: Remote = RemoteServices()
    access: Gate = Access()
    revocations = Subscriptions(projections.revocations)

    @route(
        Route(
            "GET",
            "/openapi.json",
            "This API's OpenAPI 3.1 document",
            200,
            None,
            auth=False,
            tag="meta",
        )
    )
    def openapi_document(self, call: Call) -> Reply:
        """The OpenAPI document of every route, generated from the request/response schemas."""
        return Reply(200, openapi.document())

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


__all__ = ["GatewayService"]
