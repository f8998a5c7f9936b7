"""The PostgreSQL adapter's tables, the appends' lock and the horizon below which readers may see
rows (the append statements themselves are in postgres_append_sql.py).

Appends hold a shared advisory lock keyed by this store's events table from before their
transaction has an id until it has ended. A reader's statement takes its snapshot S, then reads
pg_locks once (one consistent copy of the lock table). A transaction still running in S is
ignored only if, in that copy, it still runs (its owner holds the lock on its own transaction
id) without holding the appends' lock: as an append takes that lock before it gets its id and
keeps it until it has ended, such a transaction appends nothing to this store. Every other one
still running in S bounds the horizon, as does the first id not yet assigned when S was taken
(`pg_snapshot_xmax`): an append that had no id yet gets a greater one. Below the horizon every
transaction that may have appended has ended before S, so no row can ever appear there later.
See docs/decisions/0001-postgresql-positions.md.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from .model import Position, RecordedEvent

XID = sa.text("pg_current_xact_id()::text::bigint")

# The first key of the appends' lock ("Quar"); the second is the events table's oid, so that
# stores in other schemas (or databases) never wait for or hold back each other.
LOCK_CLASS = 0x51756172

# pg_locks shows 32-bit transaction ids; a running one is matched to the snapshot's 64-bit id by
# its low 32 bits (running ids lie within 2^31 of each other).
_HORIZON = """(WITH snap AS MATERIALIZED (SELECT pg_current_snapshot() AS s),
locks AS MATERIALIZED (
  SELECT pid, locktype, transactionid::text::bigint AS xid32 FROM pg_locks
  WHERE granted AND (
    (locktype = 'transactionid' AND mode = 'ExclusiveLock')
    OR (locktype = 'advisory' AND database = {db}::oid AND classid = {cls}::oid
        AND objid = {oid}::oid AND objsubid = 2)))
SELECT least(
  (SELECT pg_snapshot_xmax(s)::text::bigint FROM snap),
  (SELECT min(x::text::bigint) FROM snap, pg_snapshot_xip(s) AS x
   WHERE NOT EXISTS (
     SELECT 1 FROM locks t
     WHERE t.locktype = 'transactionid' AND t.xid32 = x::text::bigint % 4294967296
       AND NOT EXISTS (SELECT 1 FROM locks a WHERE a.locktype = 'advisory' AND a.pid = t.pid)))))"""


def tables(schema: str | None) -> tuple[sa.MetaData, sa.Table, sa.Table]:
    """The events (in log order by transaction id, then row id) and the streams' versions."""
    metadata = sa.MetaData(schema=schema)
    events = sa.Table(
        "events",
        metadata,
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("xid", sa.BigInteger, nullable=False, server_default=XID),
        sa.Column("event_id", sa.Uuid, nullable=False, unique=True),
        sa.Column("stream", sa.Text, nullable=False),
        sa.Column("category", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("schema_version", sa.Integer, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("metadata", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hash", sa.LargeBinary),
        sa.UniqueConstraint("stream", "version", name="events_stream_version"),
        sa.Index("events_log_order", "xid", "id"),
        sa.Index("events_category_order", "category", "xid", "id"),
        sa.Index("events_type_order", "type", "xid", "id"),
    )
    streams = sa.Table(
        "streams",
        metadata,
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("chain", sa.ARRAY(sa.LargeBinary)),
    )
    sa.Table(
        "checkpoints",
        metadata,
        sa.Column("sequence", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("position", sa.Text, nullable=False),
        sa.Column("events", sa.BigInteger, nullable=False),
        sa.Column("log_hash", sa.LargeBinary, nullable=False),
        sa.Column("signature", sa.LargeBinary, nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("made_by", sa.Text, nullable=False),
    )
    return metadata, events, streams


def lock_key(table_oid: int) -> int:
    """The events table's oid as the signed int4 the two-key advisory lock functions take."""
    return table_oid - 2**32 if table_oid >= 2**31 else table_oid


def channel(table_oid: int) -> str:
    """The channel appends to this store notify: one per events table, so stores in other
    schemas of the database wake nobody here."""
    return f"quartier_appends_{table_oid}"


def horizon(database_oid: int, table_oid: int) -> str:
    """SQL for the transaction id below which every row a reader sees is final."""
    return _HORIZON.format(db=database_oid, cls=LOCK_CLASS, oid=table_oid)


def recorded(row: Any) -> RecordedEvent:
    """An event as the adapter's columns hold it."""
    return RecordedEvent(
        event_id=row.event_id,
        stream=row.stream,
        version=row.version,
        position=Position((row.xid, row.id)),
        type=row.type,
        schema_version=row.schema_version,
        data=json.loads(row.data),
        metadata=json.loads(row.metadata),
        recorded_at=row.recorded_at,
    )
