"""Fresh read-model databases for the contract tests of read models and policies, SQLite or
PostgreSQL (the `database` fixture of conftest.py runs a test on both)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import sqlalchemy as sa

from services.subscriptions import connect_database
from tests.conftest import drop_schema, fresh_postgres_url


def open_databases(kind: str, tmp_path: Path) -> Iterator[Callable[[], sa.Engine]]:
    """Yields a function opening fresh read-model databases of `kind` ("sqlite" or
    "postgres"); every one is disposed of (and its schema dropped) afterwards."""
    opened: list[tuple[sa.Engine, str]] = []

    def open_one() -> sa.Engine:
        if kind == "sqlite":
            url = f"sqlite:///{tmp_path}/read-{len(opened)}.db"
        else:
            url = fresh_postgres_url()
        engine = connect_database(url)
        opened.append((engine, url))
        return engine

    yield open_one
    for engine, url in opened:
        engine.dispose()
        if kind == "postgres":
            drop_schema(url)
