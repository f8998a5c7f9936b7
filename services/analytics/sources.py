"""The log an analyst's command reads, opened from the platform's configuration (the same
variables as `make run`): the event store, and a codec that pseudonymises with the relay's key,
so that an export's pseudonyms are the analytics stream's."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

from contracts import default_registry
from contracts.registry import Registry
from services.eventstore import EventStore, connect
from services.eventstore.codec import Codec
from services.eventstore.keyring import connect_keyring
from services.runtime.config import Settings, load
from services.runtime.keys import root_key


@dataclass(frozen=True)
class Log:
    store: EventStore
    codec: Codec
    registry: Registry


@contextlib.contextmanager
def opened_log(settings: Settings | None = None) -> Iterator[Log]:
    settings = settings or load()
    registry = default_registry()
    store = connect(settings.event_store)
    keyring = connect_keyring(settings.keyring)
    try:
        yield Log(store, Codec(registry, keyring, root_key(settings)), registry)
    finally:
        store.close()
        close = getattr(keyring, "close", None)
        if close is not None:
            close()
