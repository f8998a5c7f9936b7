"""Configuration: one file (deploy/local/config.yml) with `${VAR:default}` overrides, and the
defaults that run everything embedded (SQLite under the data directory, RabbitMQ on localhost).

Values left empty in the file are derived here from the data directory: Nameko's `${VAR:default}`
cannot nest one variable inside another's default without the optional `regex` module.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

DEFAULT_AMQP_URI = "amqp://guest:guest@localhost:5672/"
DEFAULT_POLL_SECONDS = 1.0


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    event_store: str
    keyring: str
    amqp_uri: str
    read_models: str = ""  # empty: one SQLite file per service under the data directory
    pseudonym_key: str = ""  # hex; empty: the relay keeps one in the data directory
    poll_seconds: float = DEFAULT_POLL_SECONDS


def load(environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from the environment variables alone (scripts, the relay run on its own)."""
    env = os.environ if environ is None else environ
    return _settings(
        env.get("QUARTIER_DATA_DIR"),
        env.get("QUARTIER_EVENT_STORE"),
        env.get("QUARTIER_KEYRING"),
        env.get("QUARTIER_AMQP_URI"),
        env.get("QUARTIER_READ_MODELS"),
        env.get("QUARTIER_PSEUDONYM_KEY"),
        env.get("QUARTIER_POLL_SECONDS"),
    )


def from_config(config: Mapping[str, Any]) -> Settings:
    """Settings from a Nameko config dict (the file, its variables already substituted). Its
    keys are the variables' own names, so the relay reads the same file the same way."""
    return _settings(
        config.get("QUARTIER_DATA_DIR"),
        config.get("QUARTIER_EVENT_STORE"),
        config.get("QUARTIER_KEYRING"),
        config.get("AMQP_URI") or config.get("QUARTIER_AMQP_URI"),
        config.get("QUARTIER_READ_MODELS"),
        config.get("QUARTIER_PSEUDONYM_KEY"),
        config.get("QUARTIER_POLL_SECONDS"),
    )


def _settings(
    data_dir: Any,
    event_store: Any,
    keyring: Any,
    amqp_uri: Any,
    read_models: Any,
    pseudonym_key: Any,
    poll_seconds: Any,
) -> Settings:
    folder = Path(_text(data_dir) or "./var")
    return Settings(
        data_dir=folder,
        event_store=_text(event_store) or f"sqlite:///{folder}/events.db",
        keyring=_text(keyring) or f"sqlite:///{folder}/keyring.db",
        amqp_uri=_text(amqp_uri) or DEFAULT_AMQP_URI,
        read_models=_text(read_models),
        pseudonym_key=_text(pseudonym_key),
        poll_seconds=float(poll_seconds) if _text(poll_seconds) else DEFAULT_POLL_SECONDS,
    )


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def read_model_url(settings: Settings, service: str) -> str:
    """The read-model database of one service: its own SQLite file, or its own PostgreSQL schema.

    QUARTIER_READ_MODELS may name a PostgreSQL database (each service gets schema
    `read_<service>`, or `<schema>_<service>` under a `?schema=` given in the URL), a SQLite
    URL holding `{service}`, or a SQLite directory.
    """
    name = re.sub(r"[^a-z0-9_]", "_", service.lower())
    base = settings.read_models
    if not base:
        return f"sqlite:///{settings.data_dir}/read-{name}.db"
    url = make_url(base)
    if url.get_backend_name() == "sqlite":
        if "{service}" in base:
            return base.replace("{service}", name)
        return f"sqlite:///{Path(url.database or '.')}/read-{name}.db"
    prefix = url.query.get("schema")
    schema = f"{prefix}_{name}" if isinstance(prefix, str) and prefix else f"read_{name}"
    return url.update_query_dict({"schema": schema}).render_as_string(hide_password=False)


def load_file(path: str | Path) -> dict[str, Any]:
    """Read a Nameko config file the way `nameko run --config` does (`${VAR:default}`)."""
    import yaml
    from nameko.cli.main import setup_yaml_parser

    setup_yaml_parser()
    with open(path) as f:
        config: dict[str, Any] = yaml.safe_load(f) or {}
    return config


def broker_urls(uri: str) -> list[str]:
    """The brokers an AMQP URI names: kombu's failover form lists several, `;`-separated."""
    return [part.strip() for part in uri.split(";") if part.strip()] or [uri]


def safe_url(url: str) -> str:
    """A URL fit for logs and messages: never its credentials (of any URL of a `;` list)."""
    if ";" in url:
        return ";".join(safe_url(part) for part in broker_urls(url))
    scheme, sep, rest = url.partition("://")
    if "@" in rest:
        rest = rest.split("@", 1)[1]
    return f"{scheme}{sep}{rest}"


_CREDENTIALS = re.compile(r"(\b[a-z][a-z0-9+.-]*://)[^@\s/;]+@", re.IGNORECASE)


class CredentialsMasked(logging.Filter):
    """Takes every URL's user and password out of a log record: Nameko's own warning about the
    broker masks the password of the first URL of a `;` list only."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = _CREDENTIALS.sub(r"\1", message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def mask_credentials_in_logs() -> None:
    """On every handler of the root logger, once logging is configured."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, CredentialsMasked) for f in handler.filters):
            handler.addFilter(CredentialsMasked())
