"""The operators' commands run against real stores: SQLite, then PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.contract.ops.kit import Stores, open_stores


@pytest.fixture(params=["sqlite", "postgres"])
def stores(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Stores]:
    yield from open_stores(request.param, tmp_path, monkeypatch)
