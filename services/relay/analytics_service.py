"""The analytics stream's own relay, for QUARTIER_RELAY_ANALYTICS=apart (docs/decisions/0064):
`nameko run --config config.yml services.relay.analytics_service`, beside services.relay.service.

It tails the log from a checkpoint of its own (`relay.analytics`, in the relay's database) and
publishes the analysts' pseudonymised copy of each event only, so that the copy's work runs in
a process of its own, and a stream that fails holds up analysts alone, never the services.
"""

from __future__ import annotations

from . import service

# The module, not its class, is imported: `nameko run services.relay.analytics_service` runs
# every service class named in this module, and the events relay's would run here too.


class AnalyticsRelayService(service.RelayService):
    """Runs the analytics stream's relay; `status` tells where it is."""

    name = "relay_analytics"
    relay = service.RelayRunner(analytics_only=True)
