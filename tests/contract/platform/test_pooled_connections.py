"""A read-model engine on PostgreSQL hands out live connections without pinging each one: a
connection whose server hung up is replaced before use, one idle for a while is pinged, one
just used is trusted (docs/decisions/0055)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from services.runtime.connections import check_on_checkout
from services.subscriptions.database import open_database
from tests.support import eventually

pytestmark = pytest.mark.postgres
PID = sa.text("SELECT pg_backend_pid()")


@pytest.fixture
def engine(postgres_url: str) -> Iterator[Engine]:
    engine = open_database(postgres_url, create=True)
    yield engine
    engine.dispose()


def _pid(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(PID).scalar_one())


def _pings(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    pings: list[Any] = []
    real = engine.dialect.do_ping

    def counted(dbapi_connection: Any) -> bool:
        pings.append(dbapi_connection)
        return real(dbapi_connection)

    monkeypatch.setattr(engine.dialect, "do_ping", counted)
    return pings


def test_a_connection_whose_server_ended_it_is_replaced_before_a_statement_fails(
    engine: Engine, postgres_url: str
) -> None:
    first = _pid(engine)
    killer = open_database(postgres_url)
    with killer.connect() as conn:
        conn.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
        conn.commit()

        def ended() -> bool:
            alive = sa.text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid")
            found = conn.execute(alive, {"pid": first}).scalar_one()
            # pg_stat_activity is read once per transaction: a look within the same one would
            # see the backend listed for as long as it was at the first look.
            conn.rollback()
            return found == 0

        # The backend has said goodbye on its socket once it is gone from the server's list.
        eventually(ended, timeout=10, what="the backend ended")
    killer.dispose()
    assert _pid(engine) != first


def test_a_connection_just_used_is_handed_out_again_without_a_ping(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _pid(engine)
    pings = _pings(engine, monkeypatch)
    assert _pid(engine) == first
    assert _pid(engine) == first
    assert pings == []


def test_a_connection_idle_longer_than_the_limit_is_pinged_first(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = sa.create_engine(
        postgres_url.split("?")[0].replace("postgresql://", "postgresql+psycopg://"),
        pool_size=1,
        max_overflow=0,
    )
    check_on_checkout(engine, idle_ping=0.0)
    try:
        first = _pid(engine)
        pings = _pings(engine, monkeypatch)
        assert _pid(engine) == first
        assert len(pings) == 1
    finally:
        engine.dispose()
