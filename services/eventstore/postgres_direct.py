"""The reads of every wake-up on PostgreSQL, the log's head and its page after a cursor, run on
the driver's connection itself: each statement is rendered to its SQL once, and its rows come
back as psycopg's tuples. Through SQLAlchemy's execution and rows the same SQL took 85 µs more
for the head and 107 µs more for a page of one event (bench/wake_reads.py), paid by the relay
and by each subscriber at every append (docs/decisions/0068).

The connections are the pool's of the engine given, kept in autocommit (`index_ordered` sets
them so as they open): each read is one statement, run outside a transaction, as `_run` ran it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import psycopg
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from services.runtime.connections import is_connection_lost

from .model import Position, RecordedEvent

Row = tuple[Any, ...]
# What says the connection, not the statement, failed (as is_connection_lost says it).
LOST = (psycopg.OperationalError, psycopg.InterfaceError)
RENDERED = 128  # statements kept rendered; more are rendered again


class DirectReads:
    def __init__(self, engine: Engine, unavailable: Callable[[BaseException], Exception]) -> None:
        self._engine = engine
        self._unavailable = unavailable
        # By statement: the callers make each once (a page's for each set of filters).
        self._rendered: dict[Any, tuple[str, dict[str, Any]]] = {}

    def _render(self, statement: Any, values: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        found = self._rendered.get(statement)
        if found is None:
            # The IN lists rendered with their values (a page's filters are fixed for its
            # statement), which takes a value for every parameter: the first call's.
            compiled = statement.compile(dialect=self._engine.dialect)
            state = compiled.construct_expanded_state(values)
            if len(self._rendered) >= RENDERED:
                self._rendered.clear()
            found = self._rendered[statement] = (state.statement, dict(state.parameters))
        return found

    def rows(self, statement: Any, values: dict[str, Any] | None = None) -> list[Row]:
        """The rows of `statement` (a SQLAlchemy select, made once by the caller) with its
        bound `values`. A connection that died idle is replaced once, as `_run` replaces it;
        lost twice, the store is unavailable."""
        sql, fixed = self._render(statement, values or {})
        params = {**fixed, **values} if values else fixed
        lost: BaseException | None = None
        for _ in range(2):
            try:
                with self._engine.connect() as conn:
                    driver: psycopg.Connection[Row] = conn.connection.driver_connection  # type: ignore[assignment]
                    try:
                        return driver.execute(sql, params).fetchall()
                    except LOST:
                        conn.invalidate()
                        raise
            except LOST as exc:
                lost = exc
            except DBAPIError as exc:  # connecting anew: SQLAlchemy's wrapping of the same
                if not is_connection_lost(exc):
                    raise
                lost = exc
        assert lost is not None
        raise self._unavailable(lost) from None


def recorded_row(row: Row) -> RecordedEvent:
    """An event from a page's row: the store's columns (PostgresEventStore._columns), in
    their order."""
    xid, row_id, event_id, stream, version, kind, schema_version, data, metadata, at = row
    return RecordedEvent(
        event_id=event_id,
        stream=stream,
        version=version,
        position=Position((xid, row_id)),
        type=kind,
        schema_version=schema_version,
        data=json.loads(data),
        metadata=json.loads(metadata),
        recorded_at=at,
    )
