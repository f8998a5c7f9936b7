"""The relay: the log -> RabbitMQ, `<context>.events` exchanges and the analytics stream.

    relay = Relay(store, engine, amqp_uri, analytics=AnalyticsStream(codec))
    relay.run(stop_event)

`python -m services.relay` runs it from the environment; services.relay.service runs it inside
a Nameko service.
"""

from __future__ import annotations

from .messages import AnalyticsStream
from .publisher import BrokerUnavailable
from .relay import Relay

__all__ = ["AnalyticsStream", "BrokerUnavailable", "Relay"]
