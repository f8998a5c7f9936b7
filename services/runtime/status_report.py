"""Where the platform stands: head of the log, the relay's checkpoint, every subscriber's.

Read models are found where the configuration puts them (SQLite files `read-*.db` under the
data directory, or `read_*` schemas of the PostgreSQL database), so the report covers services
run by other processes too. Nothing here writes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from services.eventstore import EventStore, InvalidPosition, Position
from services.subscriptions.database import database_exists, open_database, subscriptions

from .config import Settings, read_model_url, safe_url


def report(store: EventStore, settings: Settings, relay_db: str | None = None) -> dict[str, Any]:
    """{log: {head}, relay: [...], subscribers: [...]}; positions as strings, `caught_up` per
    checkpoint against the head read first (so a busy log never shows a false "caught up")."""
    head = store.head()
    relay_url = (
        relay_db
        or os.environ.get("QUARTIER_RELAY_DB")
        or (f"sqlite:///{settings.data_dir}/relay.db")
    )
    subscribers = []
    for database, url in _read_model_databases(settings):
        for row in _checkpoints(url):
            subscribers.append({"database": database, **_shown(row, store, head)})
    return {
        "log": {
            "head": None if head is None else str(head),
            "store": safe_url(settings.event_store),
        },
        "relay": [_shown(row, store, head) for row in _checkpoints(relay_url)],
        "subscribers": subscribers,
    }


def _read_model_databases(settings: Settings) -> Iterator[tuple[str, str]]:
    base = settings.read_models
    if base and make_url(base).get_backend_name() != "sqlite":
        engine = sa.create_engine(make_url(base).set(drivername="postgresql+psycopg"))
        try:
            with engine.connect() as conn:
                names = conn.execute(
                    sa.text(
                        "SELECT schema_name FROM information_schema.schemata "
                        "WHERE schema_name LIKE 'read\\_%' ORDER BY 1"
                    )
                ).scalars()
                services = [n.removeprefix("read_") for n in names]
        finally:
            engine.dispose()
    else:
        folder = Path(make_url(base).database or ".") if base else settings.data_dir
        services = sorted(p.stem.removeprefix("read-") for p in folder.glob("read-*.db"))
    for service in services:
        yield service, read_model_url(settings, service)


def _checkpoints(url: str) -> list[dict[str, Any]]:
    if not database_exists(url):
        return []
    engine = open_database(url)
    try:
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table("subscriptions"):
                return []
            rows = conn.execute(
                sa.select(subscriptions)
                .where(subscriptions.c.status != "dropped")
                .order_by(subscriptions.c.name, subscriptions.c.generation)
            )
            return [dict(r._mapping) for r in rows]
    finally:
        engine.dispose()


def _shown(row: dict[str, Any], store: EventStore, head: Position | None) -> dict[str, Any]:
    shown = {k: v.isoformat() if isinstance(v, datetime) else v for k, v in row.items()}
    shown["caught_up"] = head is None or _at_or_after(row.get("position"), store, head)
    return shown


def _at_or_after(position: str | None, store: EventStore, head: Position) -> bool:
    if position is None:
        return False
    try:
        return store.position_from_string(position) >= head
    except InvalidPosition:
        return False
