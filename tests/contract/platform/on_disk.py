"""Where personal data could still be read after an erasure: every file under a folder (SQLite
databases, their write-ahead logs and journals, letters) and every page of a PostgreSQL
schema's tables, indexes and TOAST tables, dead row versions included (pageinspect).

Findings name the canary's label and the file or relation, never the value itself.

    leaks = files_holding(data_dir, {"display name": name, "phone": phone})
    assert not leaks, leaks          # e.g. ["phone in read-identity.db-wal"]
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from tests.conftest import PG_BASE, require_postgres

BLOCK = 8192
RAW_PAGE = "SELECT public.get_raw_page(CAST(:name AS text), CAST(:block AS bigint))"


@contextmanager
def fresh_pg_database() -> Iterator[str]:
    """The URL of a database of its own, dropped afterwards. VACUUM keeps the row versions that
    an open transaction of the same database may still see, so a test of what VACUUM removes
    needs a database where no other test holds one open."""
    require_postgres()
    name = f"scrub_{uuid.uuid4().hex[:12]}"
    server = sa.create_engine(
        PG_BASE.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with server.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield PG_BASE.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with server.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.dispose()


def forms(value: str) -> set[bytes]:
    """The ways a value could have been stored: as typed, NFC, NFD, case-folded, upper case,
    each in UTF-8."""
    nfc = unicodedata.normalize("NFC", value)
    texts = {value, nfc, unicodedata.normalize("NFD", value), nfc.casefold(), nfc.upper()}
    return {t.encode("utf-8") for t in texts}


def holding(content: bytes, canaries: Mapping[str, str]) -> list[str]:
    """The labels of the canaries found in `content`, in any of their forms."""
    return [label for label, value in canaries.items() if any(f in content for f in forms(value))]


def files_holding(root: Path, canaries: Mapping[str, str]) -> list[str]:
    """ "<label> in <path under root>" for each canary found in each file under `root`."""
    found = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        try:
            content = path.read_bytes()
        except FileNotFoundError:  # removed while we looked: holds nothing any more
            continue
        found += [f"{label} in {path.relative_to(root)}" for label in holding(content, canaries)]
    return found


def pg_pages(engine: sa.Engine, schema: str) -> dict[str, bytes]:
    """Every block of every table, index, TOAST table and TOAST index of `schema`, raw."""
    with engine.connect() as conn:
        conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pageinspect SCHEMA public"))
        conn.commit()
        relations = conn.execute(
            sa.text(
                """
                WITH own AS (
                    SELECT oid, reltoastrelid FROM pg_class
                    WHERE relnamespace = CAST(:schema AS regnamespace)
                      AND relkind IN ('r', 'i', 'm')
                ), toast AS (
                    SELECT reltoastrelid AS oid FROM own WHERE reltoastrelid <> 0
                ), toast_index AS (
                    SELECT indexrelid AS oid FROM pg_index WHERE indrelid IN (SELECT oid FROM toast)
                )
                SELECT CAST(CAST(oid AS regclass) AS text) AS name, pg_relation_size(oid) AS size
                FROM (SELECT oid FROM own UNION SELECT oid FROM toast
                      UNION SELECT oid FROM toast_index) AS every
                """
            ),
            {"schema": schema},
        ).all()
        return {
            name: b"".join(
                bytes(
                    conn.execute(
                        sa.text(RAW_PAGE),
                        {"name": name, "block": block},
                    ).scalar_one()
                )
                for block in range(size // BLOCK)
            )
            for name, size in relations
        }


def pg_holding(engine: sa.Engine, schema: str, canaries: Mapping[str, str]) -> list[str]:
    """ "<label> in <relation>" for each canary found in the raw pages of `schema`, or in its
    tables' rows as text."""
    found = [
        f"{label} in {name}"
        for name, content in pg_pages(engine, schema).items()
        for label in holding(content, canaries)
    ]
    with engine.connect() as conn:
        tables = conn.execute(
            sa.text("SELECT tablename FROM pg_tables WHERE schemaname = :schema"),
            {"schema": schema},
        ).scalars()
        for table in list(tables):
            rows = conn.execute(sa.text(f'SELECT CAST(t AS text) FROM "{schema}"."{table}" AS t'))
            text = "\n".join(rows.scalars()).encode("utf-8")
            found += [f"{label} in rows of {table}" for label in holding(text, canaries)]
    return found
