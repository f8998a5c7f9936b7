"""Read-model databases: one SQLAlchemy engine per service, SQLite by default, PostgreSQL in
deployment. A `?schema=name` query parameter puts a PostgreSQL read model in its own schema."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, make_url

from services.eventstore.sqlite_journal import journal_wal
from services.eventstore.vacuum import current_transaction, rewrite
from services.runtime.connections import check_on_checkout

from .columns import serial_id

PLATFORM = sa.MetaData()
SCRUB_WAIT_MS = 2000

subscriptions = sa.Table(
    "subscriptions",
    PLATFORM,
    sa.Column("name", sa.String(200), primary_key=True),
    sa.Column("generation", sa.Integer, primary_key=True),
    sa.Column("status", sa.String(20), nullable=False),  # building | active | retired
    sa.Column("position", sa.String(100)),
    sa.Column("applied", sa.BigInteger, nullable=False, default=0),
    sa.Column("stuck_event_id", sa.String(36)),
    sa.Column("stuck_position", sa.String(100)),
    sa.Column("error", sa.Text),
    sa.Column("attempts", sa.Integer, nullable=False, default=0),
    sa.Column("retry_at", sa.DateTime(timezone=True)),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

parked = sa.Table(
    "subscription_parked",
    PLATFORM,
    sa.Column("name", sa.String(200), primary_key=True),
    sa.Column("event_id", sa.String(36), primary_key=True),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("parked_at", sa.DateTime(timezone=True), nullable=False),
)

leases = sa.Table(
    "leases",
    PLATFORM,
    sa.Column("name", sa.String(200), primary_key=True),
    sa.Column("holder", sa.String(100), nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False),
)

outbox = sa.Table(
    "outbox",
    PLATFORM,
    serial_id(),
    sa.Column("idempotency_key", sa.String(200), nullable=False, unique=True),
    sa.Column("channel", sa.String(50), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("status", sa.String(10), nullable=False),  # pending | sent | dead
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_error", sa.Text),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("sent_at", sa.DateTime(timezone=True)),
    sa.Index("outbox_due", "status", "next_attempt_at"),
)


def generation_update(name: str, generation: int) -> sa.Update:
    """An update of the row of one generation of a subscriber (its values follow)."""
    return subscriptions.update().where(
        subscriptions.c.name == name, subscriptions.c.generation == generation
    )


def connect_database(url: str, **engine_options: Any) -> Engine:
    """An engine for a read-model database, its platform tables created (idempotent)."""
    engine = open_database(url, create=True, **engine_options)
    create_all(engine, PLATFORM)
    return engine


def open_database(url: str, create: bool = False, **engine_options: Any) -> Engine:
    """An engine for a read-model database as it is; `create` makes its file or schema."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if create and parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(parsed, **engine_options)
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite's own transaction handling breaks SAVEPOINT: we emit BEGIN ourselves.
        sa.event.listen(engine, "begin", _sqlite_begin)
        return engine
    schema = parsed.query.get("schema")
    parsed = parsed.difference_update_query(["schema"]).set(drivername="postgresql+psycopg")
    name = schema if isinstance(schema, str) or schema is None else schema[0]
    if name:
        if create:
            bootstrap = sa.create_engine(parsed)
            with bootstrap.begin() as conn:
                # Replicas start together: two CREATE SCHEMA IF NOT EXISTS of one name at
                # once fail with a unique violation in PostgreSQL, so they queue here.
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(5175617274696572)"))
                conn.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{name}"'))
            bootstrap.dispose()
        # search_path rather than a translate map, so that plain SQL finds the tables too.
        engine_options.setdefault("connect_args", {})["options"] = f"-csearch_path={name}"
    engine = sa.create_engine(parsed, pool_size=10, max_overflow=10, **engine_options)
    check_on_checkout(engine)
    return engine


def database_exists(url: str) -> bool:
    """Whether a read-model database is there (its SQLite file, its PostgreSQL schema), asked
    without making it: a tool that only reads, or a mistyped service name, must leave nothing
    behind."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database == ":memory:" or Path(parsed.database or "").is_file()
    schema = parsed.query.get("schema")
    if not isinstance(schema, str) or not schema:
        return True  # the database's own default schema
    engine = open_database(url)  # an unreachable server is told as every service tells it
    try:
        with engine.connect() as conn:
            found = conn.execute(
                sa.text("SELECT 1 FROM information_schema.schemata WHERE schema_name = :name"),
                {"name": schema},
            ).first()
    finally:
        engine.dispose()
    return found is not None


def writing(engine: Engine) -> Connection:
    """A connection whose transactions take SQLite's write lock at BEGIN (waiting for it), for
    a transaction that reads before it writes: upgrading a read transaction would fail at once
    when another process wrote in between."""
    return engine.connect().execution_options(sqlite_begin="IMMEDIATE")


def create_all(engine: Engine, metadata: sa.MetaData) -> None:
    with writing(engine) as conn, conn.begin():
        if conn.dialect.name == "postgresql":
            # Several replicas may start on an empty database at once.
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(5175617274696572)"))
        metadata.create_all(conn, checkfirst=True)


def _sqlite_begin(conn: Connection) -> None:
    if conn.get_execution_options().get("isolation_level") == AUTOCOMMIT:
        return  # `alone`: each statement is its own transaction
    conn.exec_driver_sql(f"BEGIN {conn.get_execution_options().get('sqlite_begin', '')}")


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")
    journal_wal(dbapi_conn)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # Deleted rows and replaced values are zeroed in the file rather than left in free space.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def scrub_mark(tx: Connection) -> int | None:
    """Inside the transaction that erased or replaced personal values: what `scrub` needs to
    know of it (PostgreSQL: its transaction id; SQLite: nothing)."""
    return current_transaction(tx) if tx.dialect.name == "postgresql" else None


def scrub(engine: Engine, tables: Sequence[sa.Table], mark: int | None = None) -> bool:
    """Leave no old copy of the rows erased or replaced on disk, once their transaction (whose
    `scrub_mark` is `mark`) has committed: SQLite's write-ahead log is checkpointed and
    truncated (its frames still hold the pages as they were); PostgreSQL's `tables` are
    rewritten (services.eventstore.vacuum). False when it could not finish, because a reader
    still used SQLite's log, or a PostgreSQL transaction that may still see the old rows is
    open: call again later. See docs/decisions/0008-erasure-on-disk.md."""
    if engine.dialect.name == "sqlite":
        return _checkpoint(engine)
    if not tables or mark is None:
        return True
    prepare = engine.dialect.identifier_preparer
    with engine.connect() as conn:
        # VACUUM refuses to run inside a transaction block.
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        return rewrite(conn, [prepare.format_table(t) for t in tables], mark)


def _checkpoint(engine: Engine) -> bool:
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        # A reader mid-transaction keeps the log in use: wait briefly, not the 30 s writers do.
        cursor.execute(f"PRAGMA busy_timeout={SCRUB_WAIT_MS}")
        try:
            busy, _frames, _moved = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()
        return not busy
    finally:
        raw.close()


def commit_lazily(conn: Connection) -> None:
    """Let PostgreSQL answer this transaction's COMMIT before its WAL reaches the disk (the
    setting lasts for this transaction only). For writes a crash may forget at no harm, each
    caller saying why; SQLite has no such setting and commits as before."""
    if conn.dialect.name == "postgresql":
        conn.execute(LAZY_COMMIT)


LAZY_COMMIT = sa.text("SET LOCAL synchronous_commit = off")
AUTOCOMMIT = "AUTOCOMMIT"


def alone(conn: Connection) -> Connection:
    """`conn` with each statement committing by itself (autocommit), for work whose statements
    are each whole: on PostgreSQL a transaction would add a BEGIN and a COMMIT, each a round
    trip to the server."""
    return conn.execution_options(isolation_level=AUTOCOMMIT)


def querying(conn: Connection) -> Connection:
    """`conn` for a query's reads. On PostgreSQL its statements run `alone`: under READ
    COMMITTED each statement of a transaction takes a snapshot of its own anyway, so the
    transaction gave nothing but a BEGIN and a ROLLBACK, two round trips per query. On SQLite
    the transaction gives the whole query one snapshot, at no round trip: it stays."""
    return alone(conn) if conn.dialect.name == "postgresql" else conn


def lazily(conn: Connection) -> tuple[Any, ...]:
    """What a statement run `alone` on PostgreSQL returns beside its own columns so that its
    commit does not wait for the disk (`commit_lazily` without a round trip of its own: the
    setting is local to the statement's transaction); nothing on SQLite. Only for writes a
    crash may forget at no harm, each caller saying why."""
    if conn.get_execution_options().get("isolation_level") != AUTOCOMMIT:
        # In a transaction the setting would reach every write of it, not this one only.
        raise ValueError("lazily() is for a statement run alone(conn)")
    if conn.dialect.name != "postgresql":
        return ()
    return (sa.func.set_config("synchronous_commit", "off", sa.true()).label("lazily"),)
