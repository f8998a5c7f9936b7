"""The PostgreSQL store's head and pages, read on the driver's connections themselves
(services/eventstore/postgres_direct.py, docs/decisions/0068): the same events as before, no
transaction left open, a connection the server ended replaced, a server away named."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from services.eventstore import EventStoreUnavailable
from services.eventstore.postgres import PostgresEventStore
from tests.contract.conftest import event, stream
from tests.support import eventually

pytestmark = pytest.mark.postgres


def _page_backends(postgres_url: str) -> list[tuple[int, str]]:
    """The pid and state of each backend holding a page connection of a store: those that
    last ran a page's statement."""
    with psycopg.connect(postgres_url.split("?")[0], autocommit=True) as conn:
        return conn.execute(
            "SELECT pid, state FROM pg_stat_activity WHERE query LIKE 'SELECT %events.xid%'"
            " AND pid <> pg_backend_pid()"
        ).fetchall()


def test_pages_and_head_read_what_was_appended_and_leave_no_transaction(
    pg: PostgresEventStore, postgres_url: str
) -> None:
    appended = [pg.append(stream(), [event(n)]) for n in range(3)]
    found = list(pg.read_all(limit=None, types=["tests.ThingHappened", "tests.Other"]))
    assert [e.data["n"] for e in found] == [0, 1, 2]
    assert [e.position for e in found] == [a.position for a in appended]
    assert pg.head() == appended[-1].position
    assert list(pg.read_all(after=found[0].position, limit=1)) == found[1:2]
    backends = _page_backends(postgres_url)
    assert backends and all(state == "idle" for _, state in backends)


def test_a_page_connection_the_server_ended_is_replaced_before_a_read_fails(
    pg: PostgresEventStore, postgres_url: str
) -> None:
    pg.append(stream(), [event(1)])
    assert pg.head() is not None
    ended = [pid for pid, _ in _page_backends(postgres_url)]
    with psycopg.connect(postgres_url.split("?")[0], autocommit=True) as conn:
        for pid in ended:
            conn.execute("SELECT pg_terminate_backend(%s)", (pid,))
    eventually(
        lambda: not {pid for pid, _ in _page_backends(postgres_url)} & set(ended),
        what="the backends ended",
    )
    assert [e.data["n"] for e in pg.read_all(limit=None)] == [1]
    assert pg.head() is not None


def test_a_read_that_loses_its_connection_twice_names_the_store(
    pg: PostgresEventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    pg.append(stream(), [event(1)])

    def lost(*_args: Any, **_kwargs: Any) -> Any:
        raise psycopg.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(psycopg.Connection, "execute", lost)
    with pytest.raises(EventStoreUnavailable, match=r"PostgreSQL event store at .* unreachable"):
        pg.head()
    with pytest.raises(EventStoreUnavailable, match=r"PostgreSQL event store at .* unreachable"):
        list(pg.read_all(limit=None))
    monkeypatch.undo()
    assert len(list(pg.read_all(limit=None))) == 1
