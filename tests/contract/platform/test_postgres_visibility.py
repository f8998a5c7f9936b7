"""PostgreSQL: an event that commits after a later-numbered one is never skipped by a reader."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterator

import psycopg
import pytest

from services.eventstore import ANY, Position, connect
from services.eventstore.appends import pending
from services.eventstore.postgres import PostgresEventStore
from services.eventstore.postgres_append_sql import append_call
from tests.conftest import PG_BASE
from tests.contract.conftest import event, stream
from tests.support import eventually

# How long a bystander keeps its transaction open at most; the tests wait on events, not on this.
BYSTANDER_SECONDS = 30.0


def test_a_reader_never_skips_an_event_that_commits_late(pg: PostgresEventStore) -> None:
    early, late = stream(), stream()
    sql, params = append_call(pg._statements, pending(early, [event(1)], ANY))
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


def test_an_append_holding_the_lock_before_its_id_lands_after_what_was_read(
    pg: PostgresEventStore,
) -> None:
    """An append has taken the appends' lock but written nothing yet (no transaction id) while
    a reader reads on: whatever id it gets later is above what the reader was shown."""
    early, late = stream(), stream()
    sql, params = append_call(pg._statements, pending(early, [event(1)], ANY))
    lock = sql[sql.index("pg_advisory_xact_lock_shared") : sql.index(" AS ok")]
    with pg._engine.connect() as slow:
        transaction = slow.begin()
        slow.exec_driver_sql(f"SELECT {lock}")
        pg.append(late, [event(2)])
        seen = list(pg.read_all())
        assert [e.stream for e in seen] == [late]
        slow.exec_driver_sql(sql, params)
        transaction.commit()
    assert [e.stream for e in pg.read_all(after=seen[-1].position)] == [early]


@pytest.fixture(params=["postgres", "same"])
def bystander(request: pytest.FixtureRequest) -> Iterator[Callable[[], bool]]:
    """A transaction that holds a transaction id and appends nothing (an analyst's session, a
    migration, a read-model rebuild), in another database of the server or in the store's own.
    Gives a check that it is still open; it is closed at the end or after BYSTANDER_SECONDS."""
    dbname = {"postgres": {"dbname": "postgres"}, "same": {}}[request.param]
    opened = time.monotonic()
    with psycopg.connect(psycopg.conninfo.make_conninfo(PG_BASE, **dbname)) as conn:
        conn.execute("SELECT pg_current_xact_id()")
        yield lambda: time.monotonic() - opened < BYSTANDER_SECONDS
        conn.rollback()


def until(check: Callable[[], bool], still: Callable[[], bool], what: str) -> None:
    """Wait for `check`, failing with `what` should the bystander's transaction end first."""

    def seen() -> bool:
        if check():
            return True
        assert still(), f"{what} while an unrelated transaction was open"
        return False

    eventually(seen, timeout=BYSTANDER_SECONDS + 10, interval=0.01, what=what)


def test_a_transaction_that_appends_nothing_hides_no_event(
    pg: PostgresEventStore, bystander: Callable[[], bool]
) -> None:
    s = stream()
    appended = pg.append(s, [event(0), event(1)])
    until(
        lambda: [e.stream for e in pg.read_all()] == [s, s] and pg.head() == appended.position,
        bystander,
        "the events stayed hidden",
    )


def test_a_tailing_reader_sees_every_late_commit_once_beside_a_bystander(
    pg: PostgresEventStore, bystander: Callable[[], bool]
) -> None:
    """Appends hold their transaction open a random moment before committing, some of them with
    a later-numbered append already committed, while a transaction that appends nothing holds
    an older transaction id for the whole run: the reader sees every event, each once."""
    writers, each = 8, 25

    def write(w: int) -> None:
        for i in range(each):
            s = stream()
            sql, params = append_call(pg._statements, pending(s, [event(i, writer=w)], ANY))
            with pg._engine.connect() as conn, conn.begin():
                conn.exec_driver_sql(sql, params)
                time.sleep(random.random() * 0.01)

    seen: list[tuple[int, int]] = []
    checkpoint: Position | None = None

    def tail() -> bool:
        nonlocal checkpoint
        for e in pg.read_all(after=checkpoint, limit=50):
            seen.append((e.data["writer"], e.data["n"]))
            checkpoint = e.position
        return len(seen) >= writers * each

    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    for t in threads:
        t.start()
    until(tail, bystander, "the reader fell behind")
    for t in threads:
        t.join()
    assert list(pg.read_all(after=checkpoint)) == []
    assert sorted(seen) == [(w, i) for w in range(writers) for i in range(each)]


def test_an_append_survives_a_pooled_connection_that_died(pg: PostgresEventStore) -> None:
    pg.append(stream(), [event(0)])
    # Appends run on connections of their own (postgres_batch.py), reads on the engine's.
    pids = [c.info.backend_pid for c in pg._writer._idle]
    assert pids
    with psycopg.connect(PG_BASE, autocommit=True) as admin:
        for pid in pids:
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
