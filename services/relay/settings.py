"""The relay's configuration (environment or a Nameko config dict) and its composition root.

Beyond services.runtime.config: QUARTIER_RELAY_DB (default sqlite:///<data dir>/relay.db),
QUARTIER_ANALYTICS_MAX_AGE (default 30D), QUARTIER_ANALYTICS_MAX_BYTES (default: no cap),
QUARTIER_PSEUDONYM_KEY (hex; default: a key generated once into <data dir>/pseudonym.key),
QUARTIER_RELAY_WAKEUPS (`store`, the default: wait for the event store's wake-ups; `off`: read
every QUARTIER_RELAY_POLL_INTERVAL seconds, default 0.02, as for a store that offers none).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from services.runtime.config import Settings, load
from services.runtime.keys import pseudonym_key
from services.runtime.tunables import seconds


@dataclass(frozen=True)
class RelaySettings:
    base: Settings
    relay_db: str
    max_age: str
    max_length_bytes: int | None
    pseudonym_key: bytes
    wakeups: bool = True
    poll_interval: float = 0.02


def load_relay(environ: Mapping[str, str] | None = None) -> RelaySettings:
    env = dict(os.environ if environ is None else environ)
    base = load(env)
    max_bytes = env.get("QUARTIER_ANALYTICS_MAX_BYTES")
    wakeups = env.get("QUARTIER_RELAY_WAKEUPS") or "store"
    if wakeups not in ("store", "off"):
        raise ValueError("QUARTIER_RELAY_WAKEUPS must be store or off")
    return RelaySettings(
        base=base,
        relay_db=env.get("QUARTIER_RELAY_DB") or f"sqlite:///{base.data_dir}/relay.db",
        max_age=env.get("QUARTIER_ANALYTICS_MAX_AGE") or "30D",
        max_length_bytes=int(max_bytes) if max_bytes else None,
        pseudonym_key=pseudonym_key(env.get("QUARTIER_PSEUDONYM_KEY"), base.data_dir),
        wakeups=wakeups == "store",
        poll_interval=seconds(env, "QUARTIER_RELAY_POLL_INTERVAL", 0.02),
    )


def build(settings: RelaySettings, **options: object):  # type: ignore[no-untyped-def]
    """A Relay wired from `settings`: event store, relay database, keyring, analytics codec."""
    from contracts import default_registry
    from services.eventstore import connect
    from services.eventstore.codec import Codec
    from services.eventstore.keyring import connect_keyring
    from services.subscriptions.database import connect_database

    from .messages import AnalyticsStream
    from .relay import Relay

    store = connect(settings.base.event_store)
    keyring = connect_keyring(settings.base.keyring)
    codec = Codec(default_registry(), keyring, settings.pseudonym_key)
    analytics = AnalyticsStream(codec, settings.max_age, settings.max_length_bytes)
    engine = connect_database(settings.relay_db)
    options.setdefault("wakeups", settings.wakeups)
    return Relay(store, engine, settings.base.amqp_uri, analytics=analytics, **options)  # type: ignore[arg-type]
