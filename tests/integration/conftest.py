"""Fixtures for the runtime's integration tests: a vhost, a data directory and databases per
test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import drop_read_models, drop_schema, fresh_postgres_url
from tests.support.rabbit_node import fresh_vhost

# Every service whose read models a test's platform may create.
SERVICES = ("identity", "neighbourhoods", "listings", "matching", "gateway")


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
    """An event-store schema, and a read-model schema prefix (each service's is
    <prefix>_<service>), dropped after the test."""
    store, read = fresh_postgres_url(), fresh_postgres_url()
    yield store, read
    drop_schema(store)
    drop_read_models(read, SERVICES)
