"""Fixtures for the integration tests: a vhost, a data directory and PostgreSQL schemas (an event
store's, and a prefix for each service's read models) per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PG_BASE, drop_schema, fresh_postgres_url
from tests.support.rabbit_node import fresh_vhost

# Every service that keeps read models: each gets <prefix>_<service>, dropped after the test.
READ_MODEL_SERVICES = ("identity", "neighbourhoods", "listings")


@pytest.fixture
def amqp_uri() -> Iterator[str]:
    with fresh_vhost() as uri:
        yield uri


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "var"
    folder.mkdir()
    return folder


@pytest.fixture
def databases() -> Iterator[tuple[str, str]]:
    """An event-store schema, and a read-model schema prefix (<prefix>_<service> each)."""
    store, read = fresh_postgres_url(), fresh_postgres_url()
    yield store, read
    drop_schema(store)
    prefix = read.rsplit("schema=", 1)[1]
    for service in READ_MODEL_SERVICES:
        drop_schema(f"{PG_BASE}?schema={prefix}_{service}")
