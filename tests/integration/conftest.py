"""Fixtures for the runtime's integration tests: a vhost and a data directory per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.rabbit_node import fresh_vhost


@pytest.fixture
def amqp_uri() -> Iterator[str]:
    with fresh_vhost() as uri:
        yield uri


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "var"
    folder.mkdir()
    return folder
