"""The relay's configuration (environment or a Nameko config dict) and its composition root.

Beyond services.runtime.config: QUARTIER_RELAY_DB (default sqlite:///<data dir>/relay.db),
QUARTIER_ANALYTICS_MAX_AGE (default 30D), QUARTIER_ANALYTICS_MAX_BYTES (default: no cap),
QUARTIER_PSEUDONYM_KEY (hex; default: a key generated once into <data dir>/pseudonym.key).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from services.runtime.config import Settings, load

KEY_FILE = "pseudonym.key"
KEY_BYTES = 32


@dataclass(frozen=True)
class RelaySettings:
    base: Settings
    relay_db: str
    max_age: str
    max_length_bytes: int | None
    pseudonym_key: bytes


def load_relay(environ: Mapping[str, str] | None = None) -> RelaySettings:
    env = dict(os.environ if environ is None else environ)
    base = load(env)
    max_bytes = env.get("QUARTIER_ANALYTICS_MAX_BYTES")
    return RelaySettings(
        base=base,
        relay_db=env.get("QUARTIER_RELAY_DB") or f"sqlite:///{base.data_dir}/relay.db",
        max_age=env.get("QUARTIER_ANALYTICS_MAX_AGE") or "30D",
        max_length_bytes=int(max_bytes) if max_bytes else None,
        pseudonym_key=pseudonym_key(env.get("QUARTIER_PSEUDONYM_KEY"), base.data_dir),
    )


def pseudonym_key(configured: str | None, data_dir: Path) -> bytes:
    """The configured key, else the one kept in <data dir>/pseudonym.key, made on first use.

    The same key must serve every run: with another one, every pseudonym changes and analysts
    can no longer follow a subject across the stream.
    """
    if configured:
        key = bytes.fromhex(configured.strip())
        if len(key) < KEY_BYTES:
            raise ValueError(f"QUARTIER_PSEUDONYM_KEY must be at least {KEY_BYTES} bytes of hex")
        return key
    path = data_dir / KEY_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        # Written whole under a temporary name, then linked: two relays starting together end
        # up with the same key, and no reader ever sees a half-written file.
        tmp = data_dir / f".{KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(KEY_BYTES) + "\n")
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    key = bytes.fromhex(path.read_text().strip())
    if len(key) < KEY_BYTES:
        raise ValueError(f"{path} holds no valid pseudonym key")
    return key


def build(settings: RelaySettings, **options: object):  # type: ignore[no-untyped-def]
    """A Relay wired from `settings`: event store, relay database, keyring, analytics codec."""
    from contracts import default_registry
    from services.eventstore import connect
    from services.eventstore.codec import Codec
    from services.eventstore.keyring import connect_keyring
    from services.subscriptions.database import connect_database

    from .relay import AnalyticsStream, Relay

    store = connect(settings.base.event_store)
    keyring = connect_keyring(settings.base.keyring)
    codec = Codec(default_registry(), keyring, settings.pseudonym_key)
    analytics = AnalyticsStream(codec, settings.max_age, settings.max_length_bytes)
    engine = connect_database(settings.relay_db)
    return Relay(store, engine, settings.base.amqp_uri, analytics=analytics, **options)  # type: ignore[arg-type]
