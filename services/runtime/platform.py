"""The connections one service container shares: event store, read-model database, keyring.

Every provider of a container reaches the same instance (a Nameko SharedExtension), so a
service holds one store client and one engine however many providers use them. They open
on first use during setup() and close in stop(); nothing connects at import time.
"""

from __future__ import annotations

import logging
from typing import Any

from eventlet.semaphore import Semaphore
from nameko.extensions import SharedExtension
from sqlalchemy.engine import Engine

from services.eventstore import EventStore, EventStoreError
from services.eventstore.keyring import Keyring, KeyringError, connect_keyring

from .config import Settings, from_config, read_model_url
from .preflight import Unreachable, database_problem, store_problem
from .threaded import open_store

log = logging.getLogger("quartier.runtime")


class Platform(SharedExtension):
    def __init__(self) -> None:
        super().__init__()
        self._lock = Semaphore()
        self._store: EventStore | None = None
        self._engine: Engine | None = None
        self._keyring: Keyring | None = None
        self._settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = from_config(self.container.config)
        return self._settings

    @property
    def service_name(self) -> str:
        return str(self.container.service_name)

    def store(self) -> EventStore:
        with self._lock:
            if self._store is None:
                url = self.settings.event_store
                try:
                    self._store = open_store(url)
                except EventStoreError as exc:
                    raise store_problem(url, exc) from None
            return self._store

    def engine(self) -> Engine:
        with self._lock:
            if self._engine is None:
                from services.subscriptions import connect_database

                url = read_model_url(self.settings, self.service_name)
                try:
                    self._engine = connect_database(url)
                except Exception as exc:  # SQLAlchemy or driver: one line
                    raise database_problem(
                        url, f"read models of {self.service_name}", exc
                    ) from None
            return self._engine

    def keyring(self) -> Keyring:
        with self._lock:
            if self._keyring is None:
                try:
                    self._keyring = connect_keyring(self.settings.keyring)
                except KeyringError as exc:
                    raise Unreachable(f"keyring: {exc}") from None
            return self._keyring

    def stop(self) -> None:
        self._close()

    def kill(self) -> None:
        self._close()

    def _close(self) -> None:
        store, engine, keyring = self._store, self._engine, self._keyring
        self._store = self._engine = self._keyring = None
        for closing in (
            store.close if store else None,
            engine.dispose if engine else None,
            keyring.close if keyring else None,
        ):
            if closing is not None:
                try:
                    closing()
                except Exception as exc:  # closing on the way out
                    log.warning("closing %s failed: %s", _owner(closing), type(exc).__name__)


def _owner(method: Any) -> str:
    return type(getattr(method, "__self__", method)).__name__
