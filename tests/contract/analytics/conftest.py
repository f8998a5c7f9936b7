"""An event store on SQLite, then PostgreSQL, with a codec and a small recorded history."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from contracts import default_registry
from services.analytics.sources import Log
from services.eventstore import connect
from services.eventstore.codec import Codec
from services.eventstore.keyring import MemoryKeyring

from .history import History, record

PSEUDONYM_KEY = b"k" * 32


@pytest.fixture
def log(event_store_url: str) -> Iterator[Log]:
    store = connect(event_store_url)
    registry = default_registry()
    yield Log(store, Codec(registry, MemoryKeyring(), PSEUDONYM_KEY), registry)
    store.close()


@pytest.fixture
def history(log: Log) -> History:
    return record(log.store, log.codec)
