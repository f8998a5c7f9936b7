"""PostgreSQL adapter (SQLAlchemy Core on psycopg 3), with no lock that writers wait for.

Each row records the id of the transaction that wrote it. Readers only see rows whose transaction
id is below the oldest append still running (postgres_sql.py: appends hold a shared advisory lock,
which no append waits for but which tells readers which transactions are appends), in
(transaction id, row id) order, so a transaction that commits late can never land behind a
position already handed out, and transactions that do not append hold nobody back.
See docs/decisions/0001-postgresql-positions.md.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache, partial
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError

from services.runtime.connections import is_connection_lost

from . import postgres_ledger as ledger
from .appends import Pending, pending, repeated_append
from .grouping import GroupAppend, GroupCommit, Settled, settled
from .ledger import Checkpoint, StoredRecord
from .model import (
    ANY,
    AppendResult,
    DuplicateEventId,
    EventStore,
    EventStoreUnavailable,
    ExpectedVersion,
    Filters,
    NewEvent,
    Position,
    RecordedEvent,
    WrongExpectedVersion,
    check_stream,
)
from .postgres_append_sql import append_statements
from .postgres_batch import AppendWriter
from .postgres_direct import DirectReads, recorded_row
from .postgres_read_sql import head_query, index_ordered, log_page, page_params
from .postgres_sql import channel, horizon, recorded, tables
from .postgres_wakeups import PostgresWakeups
from .reading import chunked, log_id, pages

PAGE = 1000
# Groups written at once: each waits for its commit's flush to disk, which PostgreSQL shares
# between the commits that overlap (docs/decisions/0044-group-commit.md).
LANES = 4
PAGE_READERS = 4  # connections kept open for reading the log's pages (0062)


class PostgresEventStore(EventStore):
    def __init__(self, url: str, pool_size: int = 20) -> None:
        parsed = make_url(url)
        schema = parsed.query.get("schema")
        self._schema: str | None = schema[0] if isinstance(schema, tuple) else schema
        parsed = parsed.difference_update_query(["schema"]).set(drivername="postgresql+psycopg")
        self._dsn = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
        self._where = (
            f"PostgreSQL event store at {parsed.host or 'localhost'}:{parsed.port or 5432}"
        )
        self._engine: Engine = sa.create_engine(
            parsed, pool_size=pool_size, max_overflow=pool_size, pool_recycle=1800
        )
        # The log's pages are read on connections of their own: their planner settings
        # (index_ordered) are right for those statements, and need not be for the rest (a
        # whole-table read in another order is best sorted). A process's subscribers and relay
        # read a few pages at once: few connections are kept open, more are opened when needed.
        self._pages: Engine = sa.create_engine(
            parsed,
            pool_size=PAGE_READERS,
            max_overflow=max(0, 2 * pool_size - PAGE_READERS),
            pool_recycle=1800,
        )
        sa.event.listen(self._pages, "connect", index_ordered)
        self._metadata, self._events, self._streams = tables(self._schema)
        self._columns = [
            self._events.c.xid,
            self._events.c.id,
            self._events.c.event_id,
            self._events.c.stream,
            self._events.c.version,
            self._events.c.type,
            self._events.c.schema_version,
            self._events.c.data,
            self._events.c.metadata,
            self._events.c.recorded_at,
        ]
        self._checkpoints = self._metadata.tables[
            f"{self._schema}.checkpoints" if self._schema else "checkpoints"
        ]
        database_oid, table_oid = self._create_schema()
        self._statements = append_statements(self._schema, table_oid)
        self._visible_below = sa.text(horizon(database_oid, table_oid))
        # Made once: a statement built afresh has its cache key computed at every execution,
        # which cost more than the server's work (every subscriber's wake-up asks the head).
        self._head = head_query(self._events, self._visible_below)
        self._log_pages = lru_cache(maxsize=64)(
            partial(log_page, self._events, self._columns, self._visible_below)
        )
        self._direct = DirectReads(self._pages, self._unavailable)
        self._channel = channel(table_oid)
        self._writer = AppendWriter(self._dsn, self._statements, self._unavailable)
        self._group: GroupCommit[Pending, AppendResult | None] = GroupCommit(
            self._writer.write, lanes=LANES
        )

    def _create_schema(self) -> tuple[int, int]:
        """Creates the tables if need be; the oids of the database and of the events table, which
        key the appends' lock. With the server's system identifier they name the log."""
        with self._translated(), self._connect() as conn, conn.begin():
            # Several processes may start on an empty database at once.
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(7461636861726532)"))
            if self._schema:
                conn.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{self._schema}"'))
            chained = ledger.has_hashes(conn, self._schema)
            self._metadata.create_all(conn, checkfirst=True)
            ledger.create_function(conn, self._schema)
            if chained is False:
                ledger.chain_existing(conn, self._schema, self._stored_columns())
            table = f'"{self._schema}".events' if self._schema else "events"
            row = conn.execute(
                sa.text(
                    "SELECT (SELECT oid FROM pg_database WHERE datname = current_database()),"
                    " CAST(:table AS regclass)::oid,"
                    " (SELECT system_identifier FROM pg_control_system())"
                ),
                {"table": table},
            ).one()
            self.log_id = log_id("postgresql", *row)
            return int(row[0]), int(row[1])

    def _stored_columns(self) -> list[Any]:
        return [*self._columns, self._events.c.hash]

    def _connect(self) -> Connection:
        try:
            return self._engine.connect()
        except DBAPIError as exc:
            raise self._unavailable(exc) from None

    @contextmanager
    def _translated(self) -> Iterator[None]:
        """A connection lost midway leaves the adapter as EventStoreUnavailable."""
        try:
            yield
        except DBAPIError as exc:
            if is_connection_lost(exc):
                raise self._unavailable(exc) from None
            raise

    def _unavailable(self, exc: BaseException) -> EventStoreUnavailable:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        return EventStoreUnavailable(
            f"{self._where} is unreachable ({reason}); start PostgreSQL, e.g. "
            "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`"
        )

    def append(
        self, stream: str, events: Sequence[NewEvent], expected_version: ExpectedVersion = ANY
    ) -> AppendResult:
        p = pending(stream, events, expected_version)
        return self._settle(p, self._group.submit(p))

    def append_group(self, appends: Sequence[GroupAppend]) -> list[Settled]:
        """The appends in one transaction, each with its own outcome (grouping.append_group)."""
        group = [pending(*a) for a in appends]
        outcomes = self._writer.write(group)
        return [settled(self._settle, *pair) for pair in zip(group, outcomes, strict=True)]

    def _settle(self, p: Pending, outcome: AppendResult | Exception | None) -> AppendResult:
        if isinstance(outcome, Exception):
            raise outcome
        if outcome is not None:
            return outcome
        with self._translated(), self._connect() as conn:
            found = self._find(conn, [e.event_id for e in p.encoded])
            repeat = repeated_append(p.stream, p.encoded, p.expected, found)
            if repeat is not None:
                return repeat
            if any(f is not None for f in found):
                raise DuplicateEventId(p.stream, p.encoded[0].event_id)
            raise WrongExpectedVersion(p.stream, p.expected, self._version(conn, p.stream))

    def _version(self, conn: Connection, stream: str) -> int | None:
        streams = self._streams
        query = sa.select(streams.c.version).where(streams.c.name == stream)
        version: int | None = conn.execute(query).scalar()
        return version

    def _find(self, conn: Connection, ids: list[uuid.UUID]) -> list[RecordedEvent | None]:
        rows = conn.execute(sa.select(*self._columns).where(self._events.c.event_id.in_(ids))).all()
        by_id = {r.event_id: r for r in map(recorded, rows)}
        return [by_id.get(i) for i in ids]

    def read_stream(self, stream: str, from_version: int = 0) -> list[RecordedEvent]:
        check_stream(stream)
        events = self._events
        query = (
            sa.select(*self._columns)
            .where(events.c.stream == stream, events.c.version >= from_version)
            .order_by(events.c.version)
        )
        return [recorded(r) for r in self._run(query)]

    def read_after(
        self, after: Position | None, limit: int | None, cats: Filters, kinds: Filters
    ) -> Iterator[RecordedEvent]:
        query = self.log_page(cats, kinds)

        def fetch(cursor: tuple[int, ...], page: int) -> list[Any]:
            return self._direct.rows(query, page_params(cursor, page))

        start = (0, 0) if after is None else after.parts
        rows = pages(start, limit, PAGE, fetch, lambda row: (row[0], row[1]))
        return (recorded_row(row) for row in rows)

    def log_page(self, cats: Filters, kinds: Filters) -> Any:
        """The statement read_after runs for each page (postgres_read_sql.py), made once for
        each set of filters: a subscriber reads with the same ones, batch after batch."""
        return self._log_pages(cats, kinds)

    def read_at(self, positions: Iterable[Position]) -> list[RecordedEvent]:
        wanted = {p.parts for p in positions if len(p.parts) == 2}
        rows: list[Any] = []
        for ids in chunked(sorted(i for _, i in wanted), PAGE):
            rows += self._run(sa.select(*self._columns).where(self._events.c.id.in_(ids)))
        found = [recorded(r) for r in rows if (r.xid, r.id) in wanted]
        return sorted(found, key=lambda e: e.position)

    def head(self) -> Position | None:
        rows = self._direct.rows(self._head)
        return Position((rows[0][0], rows[0][1])) if rows else None

    def _run(
        self, query: Any, params: dict[str, Any] | None = None, again: bool = True
    ) -> list[Any]:
        """A read on a pooled connection; one that died idle (no pre-ping) is replaced once.
        Each read is one statement, run outside a transaction: under READ COMMITTED it takes a
        snapshot of its own either way (the horizon is judged within it), and a BEGIN and a
        ROLLBACK around it were two more round trips on every read. (The head and the pages,
        read at every wake-up, go through postgres_direct.py.)"""
        try:
            with self._engine.connect() as conn:
                alone = conn.execution_options(isolation_level="AUTOCOMMIT")
                return list(alone.execute(query, params).all())
        except DBAPIError as exc:
            if is_connection_lost(exc):
                if again:
                    return self._run(query, params, again=False)
                raise self._unavailable(exc) from None
            raise

    def position_from_string(self, text: str) -> Position:
        return Position.parse(text, 2)

    def stored(self, after: Position | None = None) -> Iterator[StoredRecord]:
        query = ledger.stored_page(self._events, self._stored_columns(), self._visible_below)
        start = (0, 0) if after is None else after.parts
        rows = pages(start, None, PAGE, lambda c, n: self._run(query(c, n)), ledger.cursor)
        return (ledger.stored(row) for row in rows)

    def stored_event(self, stream: str, version: int) -> StoredRecord | None:
        events = self._events
        query = sa.select(*self._stored_columns()).where(
            events.c.stream == stream, events.c.version == version
        )
        rows = self._run(query)
        return ledger.stored(rows[0]) if rows else None

    def stream_heads(self) -> dict[str, int] | None:
        rows = self._run(sa.select(self._streams.c.name, self._streams.c.version))
        return {r.name: r.version for r in rows}

    def checkpoints(self) -> list[Checkpoint]:
        table = self._checkpoints
        return [Checkpoint(**r._mapping) for r in self._run(sa.select(table).order_by("sequence"))]

    def add_checkpoint(self, checkpoint: Checkpoint) -> None:
        with self._translated(), self._engine.begin() as conn:
            conn.execute(self._checkpoints.insert().values(**vars(checkpoint)))

    def wakeups(self) -> PostgresWakeups:
        """A listener for this store's appends, on a connection of its own."""
        return PostgresWakeups(self._dsn, self._channel, self._where)

    def close(self) -> None:
        self._writer.close()
        self._engine.dispose()
        self._pages.dispose()
