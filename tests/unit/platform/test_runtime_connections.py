"""is_connection_lost: the one answer to "did the database go away?", for every adapter."""

from __future__ import annotations

import sqlite3

import pytest
import sqlalchemy as sa

from services.runtime.connections import again_if_dropped, is_connection_lost

STATEMENT_ERRORS = [
    sa.exc.DBAPIError,
    sa.exc.IntegrityError,
    sa.exc.ProgrammingError,
    sa.exc.DataError,
]


def _wrapped(kind: type[sa.exc.DBAPIError], invalidated: bool = False) -> sa.exc.DBAPIError:
    return kind("SELECT 1", {}, Exception("driver says no"), connection_invalidated=invalidated)


@pytest.mark.parametrize(
    "kind", [sa.exc.OperationalError, sa.exc.InterfaceError], ids=lambda k: k.__name__
)
def test_an_operational_or_interface_error_is_a_lost_connection(
    kind: type[sa.exc.DBAPIError],
) -> None:
    assert is_connection_lost(_wrapped(kind))


@pytest.mark.parametrize("kind", STATEMENT_ERRORS, ids=lambda k: k.__name__)
def test_any_database_error_whose_connection_was_invalidated_is_a_lost_connection(
    kind: type[sa.exc.DBAPIError],
) -> None:
    assert is_connection_lost(_wrapped(kind, invalidated=True))


@pytest.mark.parametrize("kind", STATEMENT_ERRORS, ids=lambda k: k.__name__)
def test_a_refused_statement_on_a_live_connection_is_not_a_lost_connection(
    kind: type[sa.exc.DBAPIError],
) -> None:
    assert not is_connection_lost(_wrapped(kind))


@pytest.mark.parametrize(
    "error",
    [
        RuntimeError("boom"),
        ConnectionError("reset"),
        sa.exc.NoResultFound(),
        sqlite3.OperationalError(),
    ],
    ids=lambda e: type(e).__name__,
)
def test_an_error_that_sqlalchemy_did_not_wrap_is_not_a_lost_connection(
    error: BaseException,
) -> None:
    assert not is_connection_lost(error)


def test_a_closed_sqlite_database_is_recognised_as_it_is_raised() -> None:
    engine = sa.create_engine("sqlite://")
    conn = engine.connect()
    raw = conn.connection.dbapi_connection
    assert raw is not None
    raw.close()
    with pytest.raises(sa.exc.DBAPIError) as raised:
        conn.execute(sa.text("SELECT 1"))
    assert is_connection_lost(raised.value)


def test_work_whose_connection_the_pool_threw_away_runs_once_more() -> None:
    tries: list[int] = []

    def work() -> str:
        tries.append(1)
        if len(tries) == 1:
            raise _wrapped(sa.exc.OperationalError, invalidated=True)
        return "done"

    assert again_if_dropped(work) == "done"
    assert len(tries) == 2


@pytest.mark.parametrize(
    "error",
    [_wrapped(sa.exc.OperationalError), _wrapped(sa.exc.IntegrityError), RuntimeError("boom")],
    ids=lambda e: type(e).__name__,
)
def test_work_that_failed_on_a_live_connection_is_not_run_again(error: BaseException) -> None:
    tries: list[int] = []

    def work() -> None:
        tries.append(1)
        raise error

    with pytest.raises(type(error)):
        again_if_dropped(work)
    assert len(tries) == 1


def test_work_failing_twice_on_dropped_connections_gives_up_with_the_error() -> None:
    def work() -> None:
        raise _wrapped(sa.exc.OperationalError, invalidated=True)

    with pytest.raises(sa.exc.OperationalError):
        again_if_dropped(work)
