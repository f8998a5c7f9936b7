"""Configuration from the environment, with the defaults that run everything embedded."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    event_store: str
    keyring: str
    amqp_uri: str


def load(environ: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if environ is None else environ)
    data_dir = Path(env.get("QUARTIER_DATA_DIR") or "./var")
    return Settings(
        data_dir=data_dir,
        event_store=env.get("QUARTIER_EVENT_STORE") or f"sqlite:///{data_dir}/events.db",
        keyring=env.get("QUARTIER_KEYRING") or f"sqlite:///{data_dir}/keyring.db",
        amqp_uri=env.get("QUARTIER_AMQP_URI") or "amqp://guest:guest@localhost:5672/",
    )
