"""Replicas start together on an empty database: each creates the schemas it needs, and none
may fail because another created the same schema at the same moment."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from services.eventstore.keyring_sql import SqlKeyring
from services.eventstore.postgres import PostgresEventStore
from services.subscriptions.database import connect_database
from tests.conftest import drop_schema, fresh_postgres_url

REPLICAS = 8


def _read_models(url: str) -> Any:
    return connect_database(url).dispose


def _event_store(url: str) -> Any:
    return PostgresEventStore(url).close


def _keyring(url: str) -> Any:
    return SqlKeyring(url).close


def _all_at_once(opener: Callable[[str], Any], url: str) -> None:
    gate = threading.Barrier(REPLICAS)

    def start(_: int) -> Any:
        gate.wait()
        return opener(url)

    with ThreadPoolExecutor(REPLICAS) as pool:
        closers = list(pool.map(start, range(REPLICAS)))
    for close in closers:
        close()


@pytest.mark.parametrize("opener", [_read_models, _event_store, _keyring])
def test_replicas_creating_one_schema_at_once_all_start(opener: Callable[[str], Any]) -> None:
    for _ in range(3):  # the race is narrow: a few rounds make a lost one show
        url = fresh_postgres_url()
        try:
            _all_at_once(opener, url)
        finally:
            drop_schema(url)
