"""One EventStore contract, run on every adapter: memory, SQLite and PostgreSQL always,
EventStoreDB when QUARTIER_TEST_ESDB names a server (e.g. esdb://localhost:2113?Tls=false); and
read models and policies on SQLite and PostgreSQL (`database`)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from services.eventstore import EventStore, NewEvent, Position, RecordedEvent, connect
from services.eventstore.postgres import PostgresEventStore
from tests.conftest import drop_schema, fresh_postgres_url
from tests.contract.read_models import open_databases

ADAPTERS = ["memory", "sqlite", "postgres", "esdb"]


class Backend:
    """Opens stores of one adapter; `shared` ones see the same log (other processes may too)."""

    def __init__(self, name: str, url: str) -> None:
        self.name = name
        self.url = url
        self._opened: list[EventStore] = []
        self._memory: EventStore | None = None

    @property
    def shared_across_processes(self) -> bool:
        return self.name != "memory"

    def open(self) -> EventStore:
        if self.name == "memory":
            if self._memory is None:
                self._memory = connect(self.url)
            return self._memory
        store = connect(self.url)
        self._opened.append(store)
        if self.name == "esdb":
            return SinceStart(store)  # type: ignore[return-value]
        return store

    def close(self) -> None:
        for store in self._opened:
            store.close()


class SinceStart:
    """A view of a server whose log other runs share: the log seems to begin at this test."""

    def __init__(self, store: EventStore) -> None:
        self._store = store
        self._start = store.head()

    def read_all(self, after: Position | None = None, **kwargs: object) -> Iterator[RecordedEvent]:
        return self._store.read_all(after=after or self._start, **kwargs)  # type: ignore[arg-type]

    def head(self) -> Position | None:
        head = self._store.head()
        return None if head == self._start else head

    def __getattr__(self, name: str) -> object:
        return getattr(self._store, name)


@pytest.fixture(params=ADAPTERS)
def backend(request: pytest.FixtureRequest, tmp_path: object) -> Iterator[Backend]:
    name = request.param
    cleanup: Callable[[], None] = lambda: None  # noqa: E731
    if name == "memory":
        url = "memory://"
    elif name == "sqlite":
        url = f"sqlite:///{tmp_path}/events.db"
    elif name == "postgres":
        url = fresh_postgres_url()
        cleanup = lambda: drop_schema(url)  # noqa: E731
    else:
        server = os.environ.get("QUARTIER_TEST_ESDB")
        if not server:
            pytest.skip("EventStoreDB run: set QUARTIER_TEST_ESDB=esdb://host:2113?Tls=false")
        url = server
    b = Backend(name, url)
    yield b
    b.close()
    cleanup()


@pytest.fixture(params=["sqlite", "postgres"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], sa.Engine]]:
    """Opens fresh read-model databases of one kind (SQLite, then PostgreSQL)."""
    yield from open_databases(request.param, tmp_path)


@pytest.fixture
def store(backend: Backend) -> EventStore:
    return backend.open()


@pytest.fixture
def pg(postgres_url: str) -> Iterator[PostgresEventStore]:
    """The PostgreSQL store alone, for what only its adapter does."""
    found = connect(postgres_url)
    assert isinstance(found, PostgresEventStore)
    yield found
    found.close()


def stream(category: str = "tests.thing") -> str:
    return f"{category}-{uuid.uuid4()}"


def event(n: int = 0, type: str = "tests.ThingHappened", **data: object) -> NewEvent:
    return NewEvent(
        type=type,
        data={"n": n, **data},
        metadata={"correlation_id": str(uuid.uuid4()), "actor": "system"},
    )
