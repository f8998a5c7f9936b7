"""Shared fixtures: reachable real services, or a clear skip (a failure in CI)."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

PG_BASE = os.environ.get("QUARTIER_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def require_service(name: str, host: str, port: int, start: str) -> None:
    if _reachable(host, port):
        return
    message = f"{name} is unreachable on {host}:{port}; start it with: {start}"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def require_postgres() -> None:
    require_service(
        "PostgreSQL",
        "127.0.0.1",
        5432,
        "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    )


def fresh_postgres_url() -> str:
    """A URL naming a schema of its own, so that tests never see each other's rows."""
    require_postgres()
    return f"{PG_BASE}?schema=t_{uuid.uuid4().hex[:16]}"


def drop_schema(url: str) -> None:
    import sqlalchemy as sa

    schema = url.rsplit("schema=", 1)[1]
    engine = sa.create_engine(PG_BASE.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


def schemas_named(prefix: str) -> list[str]:
    """The PostgreSQL schemas whose name starts with `prefix`: what a test made, or left."""
    import sqlalchemy as sa

    engine = sa.create_engine(PG_BASE.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        found = conn.execute(
            sa.text(
                "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE :p"
            ),
            {"p": f"{prefix}%"},
        )
        names = list(found.scalars())
    engine.dispose()
    return names


def read_prefix(read: str) -> str:
    """The schema prefix a QUARTIER_READ_MODELS URL names: each service's read models live in
    <prefix>_<service>."""
    return read.rsplit("schema=", 1)[1]


def drop_read_models(read: str, services: Iterable[str]) -> None:
    """Drop the read-model schemas of `services` under the prefix the URL `read` names."""
    for service in services:
        drop_schema(f"{PG_BASE}?schema={read_prefix(read)}_{service}")


@pytest.fixture(params=["sqlite", "postgres"])
def event_store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An event store of the test's own on each adapter in turn: a SQLite file, then a fresh
    PostgreSQL schema (dropped after the test)."""
    if request.param == "postgres":
        return str(request.getfixturevalue("postgres_url"))
    return f"sqlite:///{tmp_path}/events.db"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    url = fresh_postgres_url()
    yield url
    drop_schema(url)
