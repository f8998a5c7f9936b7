"""The PostgreSQL adapter's statements: the append (stream claim and insert in one statement, under
a shared advisory lock) and the horizon below which readers may see rows.

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
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from .ledger import digest
from .model import (
    ANY,
    NO_STREAM,
    EncodedEvent,
    ExpectedVersion,
    Position,
    RecordedEvent,
    category_of,
)

XID = sa.text("pg_current_xact_id()::text::bigint")

# The first key of the appends' lock ("Quar"); the second is the events table's oid, so that
# stores in other schemas (or databases) never wait for or hold back each other.
LOCK_CLASS = 0x51756172

# The notification wakes the store's listeners (postgres_wakeups.py) when the append commits;
# a transaction's identical notifications are delivered once, a group's appends wake them once.
_LOCK = (
    "WITH held AS MATERIALIZED (SELECT pg_advisory_xact_lock_shared({cls}, {key}) AS ok,"
    " pg_notify('{channel}', '') AS woken), "
)
# Each claim reads `held`, so the lock is taken before the first row is written, which is when
# the transaction gets its id.
# The claim also extends the stream's hash chain (ledger.py): `chain` holds the hashes of the
# stream's last append, computed from the row as the claim's lock leaves it, so two appends to
# one stream chain in the order they commit, and appends to other streams wait for nothing.
_NEXT = (
    "{s}quartier_chain(coalesce({prev}[cardinality({prev})], '\\x{zero}'::bytea),"
    " %(digests)s::bytea[])"
)
_FIRST = "{s}quartier_chain('\\x{zero}'::bytea, %(digests)s::bytea[])"
# Appends with any expected version to one stream both claim it, and each gets its transaction id
# before it waits for the other's row lock: the one that waited would take the next version under
# the older id, and the log would hold the stream's versions out of order. Taking a lock of the
# stream's own first, which assigns no id, makes the second append get its id after the first
# has ended. Expected versions need none: the one that waited finds the version taken and writes
# nothing.
_ORDERED = (
    "ordered AS MATERIALIZED (SELECT pg_advisory_xact_lock(hashtextextended(%(stream)s, {oid}))), "
)
_CLAIMS = {
    "new": "claim AS (INSERT INTO {s}streams (name, version, chain)"
    " SELECT %(stream)s, %(count)s - 1, " + _FIRST + " FROM held"
    " ON CONFLICT (name) DO NOTHING RETURNING version, chain) ",
    "any": _ORDERED + "claim AS (INSERT INTO {s}streams AS st (name, version, chain)"
    " SELECT %(stream)s, %(count)s - 1, " + _FIRST + " FROM held, ordered"
    " ON CONFLICT (name) DO UPDATE SET version = st.version + %(count)s,"
    " chain = " + _NEXT.replace("{prev}", "st.chain") + " RETURNING version, chain) ",
    "at": "claim AS (UPDATE {s}streams SET version = version + %(count)s,"
    " chain = " + _NEXT.replace("{prev}", "chain") + " FROM held"
    " WHERE name = %(stream)s AND version = %(expected)s RETURNING version, chain) ",
}
CHAIN_FUNCTION = """CREATE OR REPLACE FUNCTION {s}quartier_chain(previous bytea, digests bytea[])
RETURNS bytea[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  links bytea[] := '{{}}';
  d bytea;
BEGIN
  FOREACH d IN ARRAY digests LOOP
    previous := sha256(previous || d);
    links := links || previous;
  END LOOP;
  RETURN links;
END $$"""
_COLUMNS = (
    "event_id, stream, category, version, type, schema_version, data, metadata, recorded_at, hash"
)
_INSERT_ONE = (
    "INSERT INTO {s}events (" + _COLUMNS + ") SELECT %(id)s, %(stream)s, %(category)s,"
    " claim.version, %(type)s, %(sv)s, %(data)s, %(meta)s, %(now)s, claim.chain[1] FROM claim"
    " RETURNING xid, id, version"
)
_INSERT_MANY = (
    "INSERT INTO {s}events (" + _COLUMNS + ") SELECT e.event_id, %(stream)s, %(category)s,"
    " claim.version - %(count)s + e.n, e.type, e.schema_version, e.data, e.metadata, %(now)s,"
    " claim.chain[e.n] FROM claim, unnest(%(ids)s::uuid[], %(types)s::text[], %(svs)s::int[],"
    " %(datas)s::text[], %(metas)s::text[])"
    " WITH ORDINALITY AS e(event_id, type, schema_version, data, metadata, n)"
    " ORDER BY e.n RETURNING xid, id, version"
)

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


def append_statements(schema: str | None, table_oid: int) -> tuple[dict[str, str], dict[str, str]]:
    """The append statements, one event and several, for each kind of stream claim."""
    prefix = f'"{schema}".' if schema else ""
    lock = _LOCK.format(cls=LOCK_CLASS, key=lock_key(table_oid), channel=channel(table_oid))
    zero = "00" * 32
    one = {
        k: (lock + c + _INSERT_ONE).format(s=prefix, zero=zero, oid=table_oid)
        for k, c in _CLAIMS.items()
    }
    many = {
        k: (lock + c + _INSERT_MANY).format(s=prefix, zero=zero, oid=table_oid)
        for k, c in _CLAIMS.items()
    }
    return one, many


def channel(table_oid: int) -> str:
    """The channel appends to this store notify: one per events table, so stores in other
    schemas of the database wake nobody here."""
    return f"quartier_appends_{table_oid}"


def horizon(database_oid: int, table_oid: int) -> str:
    """SQL for the transaction id below which every row a reader sees is final."""
    return _HORIZON.format(db=database_oid, cls=LOCK_CLASS, oid=table_oid)


def append_call(
    one: dict[str, str],
    many: dict[str, str],
    stream: str,
    expected: ExpectedVersion,
    encoded: Sequence[EncodedEvent],
) -> tuple[str, dict[str, Any]]:
    """The stream's version claim and the insert of its events as one statement (`one` or
    `many` of append_statements) with its parameters: the claim's row lock orders writers of
    one stream; no claim (wrong expectation) inserts nothing."""
    claim = "new" if expected is NO_STREAM else "any" if expected is ANY else "at"
    now = datetime.now(UTC)
    params: dict[str, Any] = {
        "stream": stream,
        "category": category_of(stream),
        "count": len(encoded),
        "expected": expected if isinstance(expected, int) else None,
        "now": now,
        "digests": [
            digest(e.event_id, stream, e.type, e.schema_version, e.data, e.metadata, now)
            for e in encoded
        ],
    }
    if len(encoded) == 1:
        e = encoded[0]
        params.update(id=e.event_id, type=e.type, sv=e.schema_version, data=e.data, meta=e.metadata)
        return one[claim], params
    params.update(
        ids=[e.event_id for e in encoded],
        types=[e.type for e in encoded],
        svs=[e.schema_version for e in encoded],
        datas=[e.data for e in encoded],
        metas=[e.metadata for e in encoded],
    )
    return many[claim], params


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
