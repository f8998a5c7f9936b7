"""PostgreSQL: an event that commits after a later-numbered one is never skipped by a reader."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import psycopg
import pytest

from services.eventstore import ANY, connect
from services.eventstore.model import encode_events
from services.eventstore.postgres import PostgresEventStore
from tests.conftest import PG_BASE

from .conftest import event, stream


@pytest.fixture
def pg(postgres_url: str) -> Iterator[PostgresEventStore]:
    store = connect(postgres_url)
    assert isinstance(store, PostgresEventStore)
    yield store
    store.close()


def test_a_reader_never_skips_an_event_that_commits_late(pg: PostgresEventStore) -> None:
    early, late = stream(), stream()
    sql, params = pg._append_statement(early, ANY, encode_events(early, [event(1)]))
    with pg._engine.connect() as slow:
        # A real transaction writes the early event with the store's own statement and stays
        # open: it holds the older transaction id while a later one commits.
        transaction = slow.begin()
        slow.exec_driver_sql(sql, params)
        pg.append(late, [event(2)])
        assert [e.stream for e in pg.read_stream(late)] == [late]
        seen = list(pg.read_all())
        checkpoint = seen[-1].position if seen else None
        assert late not in [e.stream for e in seen], "read past a transaction still in flight"
        assert pg.head() == checkpoint
        transaction.commit()
    resumed = [e.stream for e in pg.read_all(after=checkpoint)]
    assert resumed == [early, late]


def test_an_append_survives_a_pooled_connection_that_died(pg: PostgresEventStore) -> None:
    pg.append(stream(), [event(0)])
    with pg._engine.connect() as pooled:
        pid = pooled.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    with psycopg.connect(PG_BASE, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    s = stream()
    assert pg.append(s, [event(1)]).version == 0
    with pg._engine.connect() as pooled:
        pid = pooled.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    with psycopg.connect(PG_BASE, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    assert [e.stream for e in pg.read_all()][-1] == s


def test_the_schema_is_created_once_however_many_stores_open_it(postgres_url: str) -> None:
    stores = []
    threads = [
        threading.Thread(target=lambda: stores.append(connect(postgres_url))) for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(stores) == 4
    stores[0].append(stream(), [event(0)])
    assert all(len(list(s.read_all())) == 1 for s in stores)
    for s in stores:
        s.close()
