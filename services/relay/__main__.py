"""`python -m services.relay`: run the relay until SIGTERM or Ctrl-C.

Exits 1 with one line when RabbitMQ or the event store cannot be reached at start.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading

import sqlalchemy as sa

from services.eventstore import EventStoreError
from services.eventstore.keyring import KeyringError
from services.runtime.connections import is_connection_lost

from .publisher import BrokerUnavailable
from .settings import build, load_relay


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    # pika narrates every connection attempt; the relay reports broker trouble itself.
    logging.getLogger("pika").setLevel(logging.CRITICAL)
    try:
        settings = load_relay()
    except ValueError as exc:
        print(f"relay: {exc}", file=sys.stderr)
        return 1
    try:
        relay = build(settings)
    except (EventStoreError, KeyringError, ValueError) as exc:
        print(f"relay: {exc}", file=sys.stderr)
        return 1
    except sa.exc.DBAPIError as exc:
        if not is_connection_lost(exc):
            raise
        shown = sa.engine.make_url(settings.relay_db).render_as_string(hide_password=True)
        print(f"relay: its database {shown} is unreachable", file=sys.stderr)
        return 1
    try:
        relay.connect()
    except BrokerUnavailable:
        print(
            f"RabbitMQ at {relay.broker} is unreachable; start it with: rabbitmq-server -detached",
            file=sys.stderr,
        )
        relay.close()
        return 1
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    log = logging.getLogger("quartier.relay")
    log.info("relay %s publishing to RabbitMQ at %s", relay.name, relay.broker)
    try:
        relay.run(stop, poll_interval=settings.poll_interval)
    finally:
        relay.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
