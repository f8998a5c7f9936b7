"""How the SQLite adapter writes the appends that queued together (grouping.py): one write
transaction for all of them, so a refused append (wrong expected version, event id already
recorded) leaves the others to commit. Each row's hash chains over the previous event of its
stream, read inside the transaction, so appends to one stream within a group chain in the order
they were written (ledger.py).

Appends to new streams (expected NO_STREAM), the common case, need no read first: their rows
start at version 0 after the zero hash, and the (stream, version) key refuses them if the stream
exists. A group of only those is one multi-row INSERT ... RETURNING, atomic on its own, with no
BEGIN or COMMIT: every call into SQLite gives up the GIL and, with many threads runnable, waits to
take it back, which costs far more than the statement itself.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from .appends import Pending, check_version
from .ledger import ZERO, chain
from .model import (
    NO_STREAM,
    AppendResult,
    Position,
    WrongExpectedVersion,
    category_of,
)

_INSERT = (
    "INSERT INTO events (event_id, stream, category, version, type, schema_version, data,"
    " metadata, recorded_at, hash) VALUES "
)
_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
# Rows per INSERT: ten parameters each, well under SQLite's limit on a statement's parameters.
_ROWS_EACH = 2000


@dataclass(frozen=True)
class Refused:
    """An append the store refused: a wrong expected version, or an event id already recorded
    (`error`); the adapter then tells a repeat from a conflict."""

    error: WrongExpectedVersion | sqlite3.IntegrityError


def write_group(conn: sqlite3.Connection, group: Sequence[Pending]) -> list[AppendResult | Refused]:
    """Every append of `group` in one transaction; a refused one answers its refusal."""
    rows = sum(len(p.encoded) for p in group)
    if rows <= _ROWS_EACH and all(p.expected is NO_STREAM for p in group):
        try:
            return _together(conn, group, assume_new=True)  # one statement, its own transaction
        except sqlite3.IntegrityError:  # a stream or an event id already recorded
            pass
    conn.execute("BEGIN IMMEDIATE")
    try:
        if len(group) == 1:
            outcomes = _each(conn, group, savepoints=False)
        else:
            try:
                outcomes = _together(conn, group)
            except sqlite3.IntegrityError:  # an event id already recorded: settle one by one
                conn.execute("ROLLBACK")
                conn.execute("BEGIN IMMEDIATE")
                outcomes = _each(conn, group, savepoints=True)
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    if conn.in_transaction:
        conn.execute("COMMIT")
    return outcomes


def _each(
    conn: sqlite3.Connection, group: Sequence[Pending], savepoints: bool
) -> list[AppendResult | Refused]:
    """One append after the other, each in a savepoint (alone: its refusal ends the transaction)."""
    outcomes: list[AppendResult | Refused] = []
    for pending in group:
        if savepoints:
            conn.execute("SAVEPOINT append")
        try:
            outcomes.append(_insert(conn, pending))
        except (WrongExpectedVersion, sqlite3.IntegrityError) as refused:
            conn.execute("ROLLBACK TO append" if savepoints else "ROLLBACK")
            outcomes.append(Refused(refused))
        if savepoints:
            conn.execute("RELEASE append")
    return outcomes


def _together(
    conn: sqlite3.Connection, group: Sequence[Pending], assume_new: bool = False
) -> list[AppendResult | Refused]:
    """The whole group in a few statements whatever its size: the streams' last versions and
    hashes read at once, expectations checked here, every row inserted by one statement.
    `assume_new` reads nothing: a new stream found to exist raises IntegrityError."""
    heads = _heads(conn, [] if assume_new else list(dict.fromkeys(p.stream for p in group)))
    outcomes: list[AppendResult | Refused | int] = []
    rows: list[tuple[object, ...]] = []
    for p in group:
        head = heads.get(p.stream)
        try:
            check_version(p.stream, p.expected, None if head is None else head[0])
        except WrongExpectedVersion as refused:
            outcomes.append(Refused(refused))
            continue
        first = 0 if head is None else head[0] + 1
        hashes = chain(ZERO if head is None else head[1], p.digests)
        rows += _rows(p, first, hashes)
        heads[p.stream] = (first + len(p.encoded) - 1, hashes[-1])
        outcomes.append(first + len(p.encoded) - 1)
    ids = _insert_rows(conn, rows)
    return [
        AppendResult(o, Position((ids[str(p.encoded[-1].event_id)],))) if isinstance(o, int) else o
        for p, o in zip(group, outcomes, strict=True)
    ]


def _heads(conn: sqlite3.Connection, streams: list[str]) -> dict[str, tuple[int, bytes]]:
    if not streams:
        return {}
    # SQLite gives a bare column of a max() query from the row that holds the maximum.
    return {
        stream: (version, hashed or ZERO)
        for stream, version, hashed in conn.execute(
            "SELECT stream, MAX(version), hash FROM events"
            f" WHERE stream IN ({','.join('?' * len(streams))}) GROUP BY stream",
            streams,
        )
    }


def _insert_rows(conn: sqlite3.Connection, rows: list[tuple[object, ...]]) -> dict[str, int]:
    """Insert `rows` (in order, so ids follow them); each event id's row id.

    One INSERT's rows take consecutive row ids: the table is AUTOINCREMENT, each row gets one
    more than the largest id the table ever held, and no other writer runs inside the statement.
    So the last row's id gives every id, and the statement is one call into SQLite. RETURNING
    cost one more call per row, each giving the GIL up and waiting to take it back while the
    other appending threads run: on the group's leader, the one path every append waits for."""
    ids: dict[str, int] = {}
    for start in range(0, len(rows), _ROWS_EACH):
        part = rows[start : start + _ROWS_EACH]
        values = [v for row in part for v in row]
        cursor = conn.execute(_INSERT + ",".join([_ROW] * len(part)), values)
        if cursor.rowcount != len(part) or cursor.lastrowid is None:
            raise sqlite3.DatabaseError(f"{cursor.rowcount} rows inserted of {len(part)}")
        first = cursor.lastrowid - len(part) + 1
        ids.update((str(row[0]), first + n) for n, row in enumerate(part))
    return ids


def _rows(p: Pending, first: int, hashes: list[bytes]) -> list[tuple[object, ...]]:
    category = category_of(p.stream)
    now = p.moment.isoformat()
    return [
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
        )
        for offset, (e, hashed) in enumerate(zip(p.encoded, hashes, strict=True))
    ]


def _insert(conn: sqlite3.Connection, p: Pending) -> AppendResult:
    row = conn.execute(
        "SELECT version, hash FROM events WHERE stream = ? ORDER BY version DESC LIMIT 1",
        (p.stream,),
    ).fetchone()
    actual = None if row is None else row[0]
    check_version(p.stream, p.expected, actual)
    first = 0 if actual is None else actual + 1
    hashes = chain(ZERO if row is None else row[1] or ZERO, p.digests)
    ids = _insert_rows(conn, _rows(p, first, hashes))
    return AppendResult(first + len(p.encoded) - 1, Position((ids[str(p.encoded[-1].event_id)],)))
