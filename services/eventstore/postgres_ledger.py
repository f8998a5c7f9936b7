"""The PostgreSQL adapter's tamper evidence (ledger.py): the chaining function its appends call,
the once-only upgrade of a store written before events had hashes, and reading records as
stored."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .ledger import StoredRecord
from .ledger_sql import chain_existing as hashes_of
from .model import Position
from .postgres_append_sql import CHAIN_FUNCTION


def _prefix(schema: str | None) -> str:
    return f'"{schema}".' if schema else ""


def has_hashes(conn: Connection, schema: str | None) -> bool | None:
    """None for a new store, else whether its events table has the hash column."""
    inspector = sa.inspect(conn)
    if not inspector.has_table("events", schema=schema):
        return None
    return "hash" in {c["name"] for c in inspector.get_columns("events", schema=schema)}


def create_function(conn: Connection, schema: str | None) -> None:
    conn.exec_driver_sql(CHAIN_FUNCTION.format(s=_prefix(schema)))


def chain_existing(conn: Connection, schema: str | None, columns: list[Any]) -> None:
    """The upgrade, run once under the schema lock: each existing event is chained in its
    stream's order, each stream's claim row learns its last hash
    (docs/decisions/0031-tamper-evidence.md)."""
    prefix = _prefix(schema)
    conn.exec_driver_sql(f"ALTER TABLE {prefix}events ADD COLUMN IF NOT EXISTS hash bytea")
    conn.exec_driver_sql(f"ALTER TABLE {prefix}streams ADD COLUMN IF NOT EXISTS chain bytea[]")
    table = columns[0].table
    rows = conn.execute(sa.select(*columns).order_by(table.c.stream, table.c.version))
    updates = hashes_of(stored(r) for r in rows)
    if updates:
        conn.exec_driver_sql(
            f"UPDATE {prefix}events SET hash = %(h)s WHERE id = %(id)s",
            [{"h": h, "id": i} for h, i in updates],
        )
    conn.exec_driver_sql(
        f"UPDATE {prefix}streams s SET chain = ARRAY[e.hash] FROM {prefix}events e"
        " WHERE e.stream = s.name AND e.version = s.version"
    )


def stored_page(
    events: sa.Table, columns: list[Any], visible_below: Any
) -> Callable[[tuple[int, ...], int], Any]:
    """The query for a page of records after a cursor, below the readers' horizon."""

    def query(cursor: tuple[int, ...], page: int) -> Any:
        return (
            sa.select(*columns)
            .where(
                sa.tuple_(events.c.xid, events.c.id) > sa.tuple_(*cursor),
                events.c.xid < visible_below,
            )
            .order_by(events.c.xid, events.c.id)
            .limit(page)
        )

    return query


def cursor(row: Any) -> tuple[int, ...]:
    return (row.xid, row.id)


def stored(row: Any) -> StoredRecord:
    return StoredRecord(
        position=Position((row.xid, row.id)),
        event_id=row.event_id,
        stream=row.stream,
        version=row.version,
        type=row.type,
        schema_version=row.schema_version,
        data=row.data,
        metadata=row.metadata,
        recorded_at=row.recorded_at,
        hash=None if row.hash is None else bytes(row.hash),
    )
