"""A platform's stores for the `quartier` commands, on SQLite or PostgreSQL, configured through
the environment as the services are; and residents' events written through the codec."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from contracts import Metadata
from contracts.identity.events import ProfileChanged, ResidentErased, ResidentRegistered
from services.eventstore import ANY, EventStore, connect
from services.eventstore.codec import Codec
from services.eventstore.keyring import Keyring
from tests.conftest import PG_BASE, drop_schema, fresh_postgres_url


@dataclass
class Stores:
    kind: str
    data_dir: Path
    events_url: str
    read_models: str

    def store(self) -> EventStore:
        return connect(self.events_url)

    def sql(self, statement: str, **params: Any) -> None:
        """Run SQL on the events table behind the store's back ({events}: its name)."""
        if self.kind == "sqlite":
            engine = sa.create_engine(f"sqlite:///{self.data_dir}/events.db")
            table = "events"
        else:
            engine = sa.create_engine(PG_BASE.replace("postgresql://", "postgresql+psycopg://"))
            table = f'"{self.events_url.rsplit("schema=", 1)[1]}".events'
        with engine.begin() as conn:
            conn.execute(sa.text(statement.format(events=table)), params)
        engine.dispose()


def open_stores(kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Stores]:
    for name in ("QUARTIER_EVENT_STORE", "QUARTIER_READ_MODELS", "QUARTIER_KEYRING"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("QUARTIER_DATA_DIR", str(tmp_path))
    if kind == "sqlite":
        connect(f"sqlite:///{tmp_path}/events.db").close()  # the log, as the services make it
        yield Stores(kind, tmp_path, f"sqlite:///{tmp_path}/events.db", "")
        return
    events = fresh_postgres_url()
    connect(events).close()
    prefix = f"r_{uuid.uuid4().hex[:12]}"
    read = f"{PG_BASE}?schema={prefix}"
    monkeypatch.setenv("QUARTIER_EVENT_STORE", events)
    monkeypatch.setenv("QUARTIER_READ_MODELS", read)
    yield Stores(kind, tmp_path, events, read)
    drop_schema(events)
    engine = sa.create_engine(PG_BASE.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        for (schema,) in conn.execute(
            sa.text(
                "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE :p"
            ),
            {"p": f"{prefix}%"},
        ):
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


def register(store: EventStore, codec: Codec, name: str, actor: str | None = None) -> uuid.UUID:
    """A resident signs up (their e-mail and name sealed with their key); returns their id."""
    resident = uuid.uuid4()
    event = ResidentRegistered(resident, f"{name}@example.org", name, datetime.now(UTC))
    metadata = Metadata.start(actor or f"resident:{resident}", uuid.uuid4())
    store.append(f"identity.resident-{resident}", [codec.encode(event, metadata)], ANY)
    return resident


def rename(store: EventStore, codec: Codec, resident: uuid.UUID, name: str) -> None:
    event = ProfileChanged(resident, name, None, "street", datetime.now(UTC))
    metadata = Metadata.start(f"resident:{resident}", uuid.uuid4())
    store.append(f"identity.resident-{resident}", [codec.encode(event, metadata)], ANY)


def erase(store: EventStore, codec: Codec, keyring: Keyring, resident: uuid.UUID) -> None:
    """What identity does on erasure: the event, then the resident's key destroyed."""
    event = ResidentErased(resident, datetime.now(UTC))
    metadata = Metadata.start("system:ops.li", uuid.uuid4())
    store.append(f"identity.resident-{resident}", [codec.encode(event, metadata)], ANY)
    keyring.erase(str(resident))
