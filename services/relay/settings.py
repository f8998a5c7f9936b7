"""The relay's configuration (environment or a Nameko config dict) and its composition root.

Beyond services.runtime.config: QUARTIER_RELAY_DB (default sqlite:///<data dir>/relay.db),
QUARTIER_ANALYTICS_MAX_AGE (default 30D), QUARTIER_ANALYTICS_MAX_BYTES (default: no cap),
QUARTIER_PSEUDONYM_KEY (hex; default: a key generated once into <data dir>/pseudonym.key),
QUARTIER_RELAY_WAKEUPS (`store`, the default: wait for the event store's wake-ups; `off`: read
every QUARTIER_RELAY_POLL_INTERVAL seconds, default 0.02, as for a store that offers none),
QUARTIER_RELAY_ANALYTICS (`together`, the default: the relay publishes the analytics stream
too; `apart`: it publishes the services' events only, and services.relay.analytics_service, a
relay of its own, the analytics stream; docs/decisions/0064).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from services.runtime.config import Settings, load
from services.runtime.keys import pseudonym_key
from services.runtime.tunables import seconds

RELAY = "relay"  # the relay's checkpoint and lease: the services' events, and analytics with them
ANALYTICS_RELAY = "relay.analytics"  # those of the analytics stream's relay, when apart


@dataclass(frozen=True)
class RelaySettings:
    base: Settings
    relay_db: str
    max_age: str
    max_length_bytes: int | None
    pseudonym_key: bytes
    wakeups: bool = True
    poll_interval: float = 0.02
    analytics_apart: bool = False


def load_relay(environ: Mapping[str, str] | None = None) -> RelaySettings:
    env = dict(os.environ if environ is None else environ)
    base = load(env)
    max_bytes = env.get("QUARTIER_ANALYTICS_MAX_BYTES")
    wakeups = env.get("QUARTIER_RELAY_WAKEUPS") or "store"
    if wakeups not in ("store", "off"):
        raise ValueError("QUARTIER_RELAY_WAKEUPS must be store or off")
    analytics = env.get("QUARTIER_RELAY_ANALYTICS") or "together"
    if analytics not in ("together", "apart"):
        raise ValueError("QUARTIER_RELAY_ANALYTICS must be together or apart")
    return RelaySettings(
        base=base,
        relay_db=env.get("QUARTIER_RELAY_DB") or f"sqlite:///{base.data_dir}/relay.db",
        max_age=env.get("QUARTIER_ANALYTICS_MAX_AGE") or "30D",
        max_length_bytes=int(max_bytes) if max_bytes else None,
        pseudonym_key=pseudonym_key(env.get("QUARTIER_PSEUDONYM_KEY"), base.data_dir),
        wakeups=wakeups == "store",
        poll_interval=seconds(env, "QUARTIER_RELAY_POLL_INTERVAL", 0.02),
        analytics_apart=analytics == "apart",
    )


def build(settings: RelaySettings, analytics_only: bool = False, **options: object):  # type: ignore[no-untyped-def]
    """A Relay wired from `settings`: event store, relay database, keyring, analytics codec.
    `analytics_only`: the relay of the analytics stream alone (services.relay.analytics_service),
    whose checkpoint starts where the services' events relay stood when the two parted."""
    from contracts import default_registry
    from services.eventstore import connect
    from services.eventstore.codec import Codec
    from services.eventstore.keyring import connect_keyring
    from services.subscriptions import checkpoint
    from services.subscriptions.database import connect_database

    from .messages import AnalyticsStream
    from .relay import Relay

    if analytics_only and not settings.analytics_apart:
        # Else the relay publishes the stream as well: every analyst would read each event twice.
        raise ValueError("the analytics relay runs with QUARTIER_RELAY_ANALYTICS=apart only")
    store = connect(settings.base.event_store)
    keyring = connect_keyring(settings.base.keyring)
    codec = Codec(default_registry(), keyring, settings.pseudonym_key)
    analytics = AnalyticsStream(codec, settings.max_age, settings.max_length_bytes)
    engine = connect_database(settings.relay_db)
    options.setdefault("wakeups", settings.wakeups)
    uri = settings.base.amqp_uri
    if analytics_only:
        options.update(name=ANALYTICS_RELAY, events=False, starts_from=RELAY)
    elif settings.analytics_apart:
        # Before this relay publishes anything alone: the analytics relay, whenever it first
        # starts, begins where the stream was left, neither behind (twice) nor past (lost).
        with engine.begin() as conn:
            checkpoint.ensure(conn, ANALYTICS_RELAY, starts_from=RELAY)
        return Relay(store, engine, uri, **options)  # type: ignore[arg-type]
    return Relay(store, engine, uri, analytics=analytics, **options)  # type: ignore[arg-type]
