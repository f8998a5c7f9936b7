"""The keyring's SQL adapter (SQLAlchemy Core): its own SQLite file, or a PostgreSQL table."""

from __future__ import annotations

import logging
import time
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.schema import CreateTable

from contracts.errors import SubjectErased
from services.runtime.connections import check_on_checkout, is_connection_lost

from .keyring import KEY_BITS, KeyringUnavailable, UnknownKeyringURL, check_subject
from .vacuum import current_transaction, rewrite

log = logging.getLogger(__name__)
REWRITE_PATIENCE = 10.0  # seconds an erasure waits for older transactions to end
KEYS_PER_SELECT = 500


class SqlKeyring:
    """Keys in their own table: an SQLite file, or a PostgreSQL table (`?schema=` optional).

    A key row becomes a tombstone on erase (key NULL, erased_at set). SQLite runs with
    secure_delete and a rollback journal, so the erased key's bytes are overwritten in the file
    and no write-ahead log keeps an old copy. PostgreSQL keeps dead row versions' bytes until the
    table is rewritten (VACUUM FULL), which erase runs at once; its own WAL and backups are
    outside what this class can shred.
    """

    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        schema = parsed.query.get("schema")
        self._schema = schema[0] if isinstance(schema, tuple) else schema
        parsed = parsed.difference_update_query(["schema"])
        self._dialect = parsed.get_backend_name()
        self._where = f"keyring {parsed.render_as_string(hide_password=True)}"
        if self._dialect == "sqlite":
            if not parsed.database or parsed.database == ":memory:":
                raise UnknownKeyringURL("an SQLite keyring needs a file: sqlite:///path/keyring.db")
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            self._engine = sa.create_engine(parsed)
            sa.event.listen(self._engine, "connect", _sqlite_pragmas)
        elif self._dialect == "postgresql":
            self._engine = sa.create_engine(parsed)
            check_on_checkout(self._engine)
        else:
            raise UnknownKeyringURL(f"no keyring adapter for {self._dialect!r}")
        self._table = sa.Table(
            "subject_keys",
            sa.MetaData(schema=self._schema),
            sa.Column("subject", sa.Text, primary_key=True),
            sa.Column("key", sa.LargeBinary, nullable=True),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True),
        )
        self._create()

    def _create(self) -> None:
        with self._begin() as conn:
            if self._dialect == "postgresql":
                # Several processes may start on an empty database at once.
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(7461636861726533)"))
                if self._schema:
                    conn.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{self._schema}"'))
            conn.execute(CreateTable(self._table, if_not_exists=True))

    @contextmanager
    def _begin(self, autocommit: bool = False) -> Iterator[Connection]:
        try:
            if autocommit:
                with self._engine.connect() as conn:
                    yield conn.execution_options(isolation_level="AUTOCOMMIT")
                return
            with self._engine.begin() as conn:
                yield conn
        except DBAPIError as exc:
            if is_connection_lost(exc):
                reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
                hint = (
                    "; start PostgreSQL, e.g. `pg_ctlcluster --skip-systemctl-redirect"
                    " $(ls /etc/postgresql) main start`"
                    if self._dialect == "postgresql"
                    else ""
                )
                raise KeyringUnavailable(f"{self._where} is unreachable ({reason}){hint}") from None
            raise

    def _insert(self) -> Any:
        return (pg_insert if self._dialect == "postgresql" else sqlite_insert)(self._table)

    def _row(self, subject: str) -> Any:
        t = self._table
        with self._begin() as conn:
            return conn.execute(
                sa.select(t.c.key, t.c.erased_at).where(t.c.subject == subject)
            ).first()

    def key_for(self, subject: str) -> bytes:
        check_subject(subject)
        row = self._row(subject)
        if row is None:
            # Two writers may race on a new subject: both insert, one wins, both read the winner.
            with self._begin() as conn:
                conn.execute(
                    self._insert()
                    .values(
                        subject=subject,
                        key=AESGCM.generate_key(KEY_BITS),
                        created_at=datetime.now(UTC),
                    )
                    .on_conflict_do_nothing(index_elements=["subject"])
                )
            row = self._row(subject)
        if row is None or row.key is None or row.erased_at is not None:
            raise SubjectErased(subject)
        return bytes(row.key)

    def get(self, subject: str) -> bytes | None:
        check_subject(subject)
        row = self._row(subject)
        return None if row is None or row.key is None else bytes(row.key)

    def erase(self, subject: str) -> None:
        check_subject(subject)
        now = datetime.now(UTC)
        stmt = self._insert().values(subject=subject, key=None, created_at=now, erased_at=now)
        stmt = stmt.on_conflict_do_update(
            index_elements=["subject"],
            set_={"key": None, "erased_at": sa.func.coalesce(self._table.c.erased_at, now)},
        )
        with self._begin() as conn:
            conn.execute(stmt)
            erased_by = current_transaction(conn) if self._dialect == "postgresql" else None
        if erased_by is not None:
            self._rewrite(erased_by)

    def _rewrite(self, erased_by: int) -> None:
        """Rewrite the table: a plain VACUUM frees the dead row version that still holds the
        key but leaves its bytes in the page (docs/decisions/0008). A transaction open since
        before the erasure keeps that version alive: wait for it, a bounded time; past that the
        version stays until the next erasure's rewrite."""
        name = self._engine.dialect.identifier_preparer.format_table(self._table)
        deadline = time.monotonic() + REWRITE_PATIENCE
        with self._begin(autocommit=True) as conn:
            while not rewrite(conn, [name], erased_by):
                if time.monotonic() > deadline:
                    log.warning("keyring: an older transaction delays the erased key's removal")
                    conn.execute(sa.text(f"VACUUM FULL {name}"))
                    return
                time.sleep(0.05)

    def is_erased(self, subject: str) -> bool:
        check_subject(subject)
        row = self._row(subject)
        return row is not None and row.erased_at is not None

    def keys(self, subjects: Collection[str]) -> dict[str, bytes | None]:
        listed = sorted(check_subject(s) for s in subjects)
        t, found = self._table, dict[str, bytes | None]()
        with self._begin() as conn:
            # In slices: one statement's parameters stay well under SQLite's limit.
            for start in range(0, len(listed), KEYS_PER_SELECT):
                rows = conn.execute(
                    sa.select(t.c.subject, t.c.key, t.c.erased_at).where(
                        t.c.subject.in_(listed[start : start + KEYS_PER_SELECT])
                    )
                )
                for row in rows:
                    # As get and is_erased read a row: its key, else None if erased.
                    if row.key is not None:
                        found[row.subject] = bytes(row.key)
                    elif row.erased_at is not None:
                        found[row.subject] = None
        return found

    def close(self) -> None:
        self._engine.dispose()


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    # secure_delete zeroes freed bytes; a rollback journal (deleted after each commit) instead of
    # WAL, whose frames would keep old pages, key included, after the erase.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA journal_mode=DELETE")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
