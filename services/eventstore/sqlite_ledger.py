"""The SQLite adapter's tamper evidence (ledger.py): its checkpoints table, the once-only
upgrade of a store written before events had hashes, and records read as stored."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import datetime

from .ledger import Checkpoint, StoredRecord
from .ledger_sql import chain_existing
from .model import Position

CHECKPOINTS = """
CREATE TABLE IF NOT EXISTS checkpoints (
    sequence INTEGER PRIMARY KEY,
    position TEXT NOT NULL,
    events INTEGER NOT NULL,
    log_hash BLOB NOT NULL,
    signature BLOB NOT NULL,
    made_at TEXT NOT NULL,
    made_by TEXT NOT NULL
)"""
STORED = "id, event_id, stream, version, type, schema_version, data, metadata, recorded_at, hash"


def create(conn: sqlite3.Connection, schema: str) -> None:
    """The tables, inside one write transaction; a store written before events had hashes gets
    its column and its existing events chained, once (docs/decisions/0031-tamper-evidence.md)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        known = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'"
        ).fetchone()
        columns = {r[1] for r in conn.execute("PRAGMA table_info(events)")}
        for statement in [*schema.split(";"), CHECKPOINTS]:
            if statement.strip():
                conn.execute(statement)
        if known and "hash" not in columns:
            conn.execute("ALTER TABLE events ADD COLUMN hash BLOB")
            rows = conn.execute(f"SELECT {STORED} FROM events ORDER BY stream, version")
            conn.executemany(
                "UPDATE events SET hash = ? WHERE id = ?",
                chain_existing(stored(r) for r in rows.fetchall()),
            )
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def checkpoints(conn: sqlite3.Connection) -> list[Checkpoint]:
    rows = conn.execute("SELECT * FROM checkpoints ORDER BY sequence").fetchall()
    return [
        Checkpoint(r[0], r[1], r[2], bytes(r[3]), bytes(r[4]), datetime.fromisoformat(r[5]), r[6])
        for r in rows
    ]


def add_checkpoint(conn: sqlite3.Connection, c: Checkpoint) -> None:
    conn.execute(
        "INSERT INTO checkpoints VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            c.sequence,
            c.position,
            c.events,
            c.log_hash,
            c.signature,
            c.made_at.isoformat(),
            c.made_by,
        ),
    )


def stored(row: tuple) -> StoredRecord:  # type: ignore[type-arg]
    rowid, event_id, stream, version, type_, schema_version, data, metadata, at, hashed = row
    return StoredRecord(
        position=Position((rowid,)),
        event_id=uuid.UUID(event_id),
        stream=stream,
        version=version,
        type=type_,
        schema_version=schema_version,
        data=data,
        metadata=metadata,
        recorded_at=datetime.fromisoformat(at),
        hash=None if hashed is None else bytes(hashed),
    )
