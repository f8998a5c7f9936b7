"""How the SQLite adapter writes the appends that queued together (grouping.py): one write
transaction (BEGIN IMMEDIATE) for all of them, each in a savepoint of its own, so a refused
append (wrong expected version, event id already recorded) leaves the others to commit.
Each row's hash chains over the previous event of its stream, read inside the transaction, so
appends to one stream within a group chain in the order they were written (ledger.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from .appends import check_version
from .ledger import ZERO, chain
from .model import (
    AppendResult,
    EncodedEvent,
    ExpectedVersion,
    Position,
    WrongExpectedVersion,
    category_of,
)

_INSERT = (
    "INSERT INTO events (event_id, stream, category, version, type, schema_version, data,"
    " metadata, recorded_at, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


@dataclass(frozen=True)
class Refused:
    """An append the store refused: a wrong expected version, or an event id already recorded
    (`error`); the adapter then tells a repeat from a conflict."""

    error: WrongExpectedVersion | sqlite3.IntegrityError


@dataclass(frozen=True)
class Pending:
    """An append checked and hashed before the write lock is taken: writers wait for as little
    as can be."""

    stream: str
    encoded: list[EncodedEvent]
    expected: ExpectedVersion
    moment: datetime
    digests: list[bytes]


def write_group(conn: sqlite3.Connection, group: Sequence[Pending]) -> list[AppendResult | Refused]:
    """Every append of `group` in one transaction; a refused one answers its refusal."""
    outcomes: list[AppendResult | Refused] = []
    # An append alone needs no savepoint: its refusal rolls the whole transaction back.
    alone = len(group) == 1
    conn.execute("BEGIN IMMEDIATE")
    try:
        for pending in group:
            if not alone:
                conn.execute("SAVEPOINT append")
            try:
                outcomes.append(_insert(conn, pending))
            except (WrongExpectedVersion, sqlite3.IntegrityError) as refused:
                conn.execute("ROLLBACK" if alone else "ROLLBACK TO append")
                outcomes.append(Refused(refused))
            if not alone:
                conn.execute("RELEASE append")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    if conn.in_transaction:
        conn.execute("COMMIT")
    return outcomes


def _insert(conn: sqlite3.Connection, p: Pending) -> AppendResult:
    row = conn.execute(
        "SELECT version, hash FROM events WHERE stream = ? ORDER BY version DESC LIMIT 1",
        (p.stream,),
    ).fetchone()
    actual = None if row is None else row[0]
    check_version(p.stream, p.expected, actual)
    first = 0 if actual is None else actual + 1
    category = category_of(p.stream)
    now = p.moment.isoformat()
    hashes = chain(ZERO if row is None else row[1] or ZERO, p.digests)
    last_id = 0
    for offset, (e, hashed) in enumerate(zip(p.encoded, hashes, strict=True)):
        cursor = conn.execute(
            _INSERT,
            (
                str(e.event_id),
                p.stream,
                category,
                first + offset,
                e.type,
                e.schema_version,
                e.data,
                e.metadata,
                now,
                hashed,
            ),
        )
        last_id = cursor.lastrowid or 0
    return AppendResult(first + len(p.encoded) - 1, Position((last_id,)))
