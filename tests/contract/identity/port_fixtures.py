"""Database engines shared by the identity port contracts: the SQL adapters of the geocoder and
of the sign-in limiter's store run on each of them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from services.subscriptions.database import connect_database


@pytest.fixture
def engine_sqlite(tmp_path: Path) -> Iterator[Engine]:
    db = connect_database(f"sqlite:///{tmp_path}/read-identity.db")
    yield db
    db.dispose()


@pytest.fixture
def engine_postgres(postgres_url: str) -> Iterator[Engine]:
    db = connect_database(postgres_url)
    yield db
    db.dispose()
