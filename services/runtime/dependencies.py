"""Nameko DependencyProviders: event store, read-model database, keyring, clock.

    class Listings:
        name = "listings"
        store = Store()
        db = ReadModelDatabase()
        clock = Clock()

Each connects in setup() (so a service that cannot reach its store fails at start, with one
line) and its connection closes in stop(). Tests swap any of them with
nameko.testing.services.replace_dependencies.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from nameko.extensions import DependencyProvider

from .platform import Platform


class Store(DependencyProvider):
    """The event store (services.eventstore.EventStore) named by QUARTIER_EVENT_STORE."""

    platform = Platform()

    def setup(self) -> None:
        self.platform.store()

    def get_dependency(self, worker_ctx: Any) -> Any:
        return self.platform.store()


class ReadModelDatabase(DependencyProvider):
    """The service's own read-model database: a SQLAlchemy Engine (SQLite file or PostgreSQL
    schema of its own). Workers open short transactions with `db.begin()`: a connection from
    the pool for each, never one held across calls."""

    platform = Platform()

    def setup(self) -> None:
        self.platform.engine()

    def get_dependency(self, worker_ctx: Any) -> Any:
        return self.platform.engine()


class Keyring(DependencyProvider):
    """The keyring of data subjects' keys (QUARTIER_KEYRING), for the codec."""

    platform = Platform()

    def setup(self) -> None:
        self.platform.keyring()

    def get_dependency(self, worker_ctx: Any) -> Any:
        return self.platform.keyring()


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class Clock(DependencyProvider):
    """The time commands carry into the pure domain code: `clock.now()` in UTC."""

    def get_dependency(self, worker_ctx: Any) -> SystemClock:
        return SystemClock()
