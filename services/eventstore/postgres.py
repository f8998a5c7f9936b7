"""PostgreSQL adapter (SQLAlchemy Core on psycopg 3), with no lock shared between writers.

Each row records the id of the transaction that wrote it. Readers only see rows whose transaction
id is below the oldest transaction still running (`pg_snapshot_xmin`), in (transaction id, row id)
order, so a transaction that commits late can never land behind a position already handed out.
See docs/decisions/0001-postgresql-positions.md.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError

from .model import (
    ANY,
    NO_STREAM,
    AppendResult,
    DuplicateEventId,
    EventStoreUnavailable,
    ExpectedVersion,
    NewEvent,
    Position,
    RecordedEvent,
    WrongExpectedVersion,
    category_of,
    check_expected,
    check_filters,
    check_stream,
    encode_events,
)
from .repeats import repeated_append

PAGE = 1000
XID = sa.text("pg_current_xact_id()::text::bigint")
VISIBLE_BELOW = "pg_snapshot_xmin(pg_current_snapshot())::text::bigint"


def _tables(schema: str | None) -> tuple[sa.MetaData, sa.Table, sa.Table]:
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
    )
    return metadata, events, streams


class PostgresEventStore:
    def __init__(self, url: str, pool_size: int = 20) -> None:
        parsed = make_url(url)
        self._schema = parsed.query.get("schema")
        if isinstance(self._schema, tuple):
            self._schema = self._schema[0]
        parsed = parsed.difference_update_query(["schema"]).set(drivername="postgresql+psycopg")
        self._where = (
            f"PostgreSQL event store at {parsed.host or 'localhost'}:{parsed.port or 5432}"
        )
        self._engine: Engine = sa.create_engine(
            parsed, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True
        )
        self._metadata, self._events, self._streams = _tables(self._schema)
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
        self._create_schema()

    def _create_schema(self) -> None:
        with self._connect() as conn, conn.begin():
            # Several processes may start on an empty database at once.
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(7461636861726532)"))
            if self._schema:
                conn.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{self._schema}"'))
            self._metadata.create_all(conn, checkfirst=True)

    def _connect(self) -> Connection:
        try:
            return self._engine.connect()
        except DBAPIError as exc:
            raise self._unavailable(exc) from None

    def _unavailable(self, exc: BaseException) -> EventStoreUnavailable:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        return EventStoreUnavailable(
            f"{self._where} is unreachable ({reason}); start PostgreSQL, e.g. "
            "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`"
        )

    def append(
        self, stream: str, events: Sequence[NewEvent], expected_version: ExpectedVersion = ANY
    ) -> AppendResult:
        check_stream(stream)
        expected = check_expected(expected_version)
        encoded = encode_events(stream, events)
        category = category_of(stream)
        with self._connect() as conn:
            try:
                with conn.begin():
                    last = self._claim_versions(conn, stream, expected, len(encoded))
                    if last is not None:
                        now = datetime.now(UTC)
                        first = last - len(encoded) + 1
                        rows = [
                            {
                                "event_id": e.event_id,
                                "stream": stream,
                                "category": category,
                                "version": first + i,
                                "type": e.type,
                                "schema_version": e.schema_version,
                                "data": e.data,
                                "metadata": e.metadata,
                                "recorded_at": now,
                            }
                            for i, e in enumerate(encoded)
                        ]
                        inserted = conn.execute(
                            self._events.insert().returning(
                                self._events.c.xid, self._events.c.id, sort_by_parameter_order=True
                            ),
                            rows,
                        ).all()
                        xid, row_id = inserted[-1]
                        return AppendResult(last, Position((xid, row_id)))
            except IntegrityError as exc:
                if "event_id" not in str(exc.orig):
                    raise
            except DBAPIError as exc:
                if exc.connection_invalidated or _is_connection_error(exc):
                    raise self._unavailable(exc) from None
                raise
            found = self._find(conn, [e.event_id for e in encoded])
            repeat = repeated_append(stream, encoded, expected, found)
            if repeat is not None:
                return repeat
            if any(f is not None for f in found):
                raise DuplicateEventId(stream, encoded[0].event_id)
            raise WrongExpectedVersion(stream, expected, self._version(conn, stream))

    def _claim_versions(
        self, conn: Connection, stream: str, expected: ExpectedVersion, count: int
    ) -> int | None:
        """Move the stream's version on by `count` if the expectation holds; the row lock this
        takes orders writers of one stream without touching any other stream."""
        streams = self._streams
        if expected is NO_STREAM:
            stmt: Any = (
                pg_insert(streams)
                .values(name=stream, version=count - 1)
                .on_conflict_do_nothing(index_elements=["name"])
            )
        elif expected is ANY:
            stmt = (
                pg_insert(streams)
                .values(name=stream, version=count - 1)
                .on_conflict_do_update(
                    index_elements=["name"], set_={"version": streams.c.version + count}
                )
            )
        else:
            stmt = (
                streams.update()
                .where(streams.c.name == stream, streams.c.version == expected)
                .values(version=streams.c.version + count)
            )
        version: int | None = conn.execute(stmt.returning(streams.c.version)).scalar()
        return version

    def _version(self, conn: Connection, stream: str) -> int | None:
        streams = self._streams
        query = sa.select(streams.c.version).where(streams.c.name == stream)
        version: int | None = conn.execute(query).scalar()
        return version

    def _find(self, conn: Connection, ids: list[uuid.UUID]) -> list[RecordedEvent | None]:
        rows = conn.execute(sa.select(*self._columns).where(self._events.c.event_id.in_(ids))).all()
        by_id = {r.event_id: r for r in map(_recorded, rows)}
        return [by_id.get(i) for i in ids]

    def read_stream(self, stream: str, from_version: int = 0) -> list[RecordedEvent]:
        check_stream(stream)
        events = self._events
        query = (
            sa.select(*self._columns)
            .where(events.c.stream == stream, events.c.version >= from_version)
            .order_by(events.c.version)
        )
        with self._connect() as conn:
            return [_recorded(r) for r in self._run(conn, query)]

    def read_all(
        self,
        after: Position | None = None,
        limit: int | None = 1000,
        categories: Iterable[str] | None = None,
        types: Iterable[str] | None = None,
    ) -> Iterator[RecordedEvent]:
        cats, kinds = check_filters(categories, types)
        events = self._events
        cursor = (0, 0) if after is None else after.parts
        remaining = limit
        while remaining is None or remaining > 0:
            page = PAGE if remaining is None else min(PAGE, remaining)
            query = (
                sa.select(*self._columns)
                .where(
                    sa.tuple_(events.c.xid, events.c.id) > sa.tuple_(*cursor),
                    events.c.xid < sa.text(VISIBLE_BELOW),
                )
                .order_by(events.c.xid, events.c.id)
                .limit(page)
            )
            if cats is not None:
                query = query.where(events.c.category.in_(cats))
            if kinds is not None:
                query = query.where(events.c.type.in_(kinds))
            with self._connect() as conn:
                rows = self._run(conn, query)
            for row in rows:
                yield _recorded(row)
            if len(rows) < page:
                return
            cursor = (rows[-1].xid, rows[-1].id)
            if remaining is not None:
                remaining -= len(rows)

    def head(self) -> Position | None:
        events = self._events
        query = (
            sa.select(events.c.xid, events.c.id)
            .where(events.c.xid < sa.text(VISIBLE_BELOW))
            .order_by(events.c.xid.desc(), events.c.id.desc())
            .limit(1)
        )
        with self._connect() as conn:
            rows = self._run(conn, query)
        return Position((rows[0].xid, rows[0].id)) if rows else None

    def _run(self, conn: Connection, query: Any) -> list[Any]:
        try:
            return list(conn.execute(query).all())
        except DBAPIError as exc:
            if exc.connection_invalidated or _is_connection_error(exc):
                raise self._unavailable(exc) from None
            raise

    def position_from_string(self, text: str) -> Position:
        return Position.parse(text, 2)

    def close(self) -> None:
        self._engine.dispose()


def _is_connection_error(exc: DBAPIError) -> bool:
    return isinstance(exc, sa.exc.OperationalError | sa.exc.InterfaceError)


def _recorded(row: Any) -> RecordedEvent:
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
