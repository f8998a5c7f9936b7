"""How the PostgreSQL adapter writes the appends that queued together (grouping.py): one alone as
one statement in its own transaction (one round trip, no BEGIN, no COMMIT); several in one
transaction sent in one pipeline (psycopg 3), about two round trips and one commit for the group.

A statement whose stream claim fails (a wrong expected version) inserts nothing and leaves the
transaction going: its append answers None and the others commit. Only an event id already
recorded aborts the transaction (a unique violation): the group is then rolled back whole and
each append written alone, where the adapter tells a repeat from a conflict.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import psycopg
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError

from services.runtime.connections import is_connection_lost

from .model import AppendResult, Position

Statement = tuple[str, dict[str, Any]]
Outcome = AppendResult | None | Exception


class _Reconnect(Exception):
    pass


class _Refused(Exception):
    pass


class AppendWriter:
    def __init__(self, engine: Engine, unavailable: Callable[[BaseException], Exception]) -> None:
        self._engine = engine
        self._autocommit = engine.execution_options(isolation_level="AUTOCOMMIT")
        self._unavailable = unavailable

    def write(self, statements: Sequence[Statement]) -> list[Outcome]:
        """One outcome per statement, in order: its result, None (refused), or its exception."""
        if len(statements) > 1:
            try:
                return list(self._together(statements))
            except _Refused:
                pass
        outcomes: list[Outcome] = []
        for sql, params in statements:
            try:
                outcomes.append(self._alone(sql, params))
            except Exception as exc:
                outcomes.append(exc)
        return outcomes

    def _together(self, statements: Sequence[Statement]) -> list[AppendResult | None]:
        with self._engine.connect() as conn:
            pg: psycopg.Connection[Any] = conn.connection.driver_connection  # type: ignore[assignment]
            try:
                with pg.transaction(), pg.pipeline():
                    cursors = [pg.execute(sql, params) for sql, params in statements]
                return [result_of(cursor.fetchall()) for cursor in cursors]
            except psycopg.errors.UniqueViolation:
                raise _Refused from None
            except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
                conn.invalidate()
                raise self._unavailable(exc) from None

    def _alone(self, sql: str, params: dict[str, Any]) -> AppendResult | None:
        try:
            return self._try(sql, params)
        except _Reconnect:
            # Without a pre-ping a pooled connection may be dead; an append is safe to repeat
            # because a repeat is recognised by its event ids.
            return self._try(sql, params, again=False)

    def _try(self, sql: str, params: dict[str, Any], again: bool = True) -> AppendResult | None:
        try:
            with self._autocommit.connect() as conn:
                rows = conn.exec_driver_sql(sql, params).all()
        except IntegrityError as exc:
            if "event_id" not in str(exc.orig):
                raise
            return None
        except DBAPIError as exc:
            if is_connection_lost(exc):
                if again:
                    raise _Reconnect from None
                raise self._unavailable(exc) from None
            raise
        return result_of(rows)


def result_of(rows: Sequence[Any]) -> AppendResult | None:
    """An append's result from the rows its statement returned (xid, id, version); None when
    its claim failed."""
    if not rows:
        return None
    xid, row_id, version = max(rows, key=lambda r: r[1])
    return AppendResult(version, Position((xid, row_id)))
