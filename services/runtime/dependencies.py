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


class _Shared(DependencyProvider):
    """One of the connections the container's Platform shares, opened at setup: `part` names
    the Platform method that answers it."""

    platform = Platform()
    part: str

    def setup(self) -> None:
        self._part()

    def get_dependency(self, worker_ctx: Any) -> Any:
        return self._part()

    def _part(self) -> Any:
        return getattr(self.platform, self.part)()


class Store(_Shared):
    """The event store (services.eventstore.EventStore) named by QUARTIER_EVENT_STORE."""

    part = "store"


class ReadModelDatabase(_Shared):
    """The service's own read-model database: a SQLAlchemy Engine (SQLite file or PostgreSQL
    schema of its own). Workers open short transactions with `db.begin()`: a connection from
    the pool for each, never one held across calls."""

    part = "engine"


class Keyring(_Shared):
    """The keyring of data subjects' keys (QUARTIER_KEYRING), for the codec."""

    part = "keyring"


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class Clock(DependencyProvider):
    """The time commands carry into the pure domain code: `clock.now()` in UTC."""

    def get_dependency(self, worker_ctx: Any) -> SystemClock:
        return SystemClock()
