"""What read models store the same way in every context, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa


def serial_id(name: str = "id") -> sa.Column[int]:
    """An increasing key: BIGINT on PostgreSQL, where the table may outgrow 2^31 rows; INTEGER on
    SQLite, where only an INTEGER PRIMARY KEY is the rowid that numbers itself."""
    number = sa.Integer().with_variant(sa.BigInteger, "postgresql")
    return sa.Column(name, number, sa.Identity(), primary_key=True)


def numbered_by_database(table: sa.Table) -> list[sa.Column[Any]]:
    """The primary key columns whose values the database hands out (a sequence or an identity),
    not the log: PostgreSQL skips numbers after a rollback or a crash, so only their order is
    the log's."""
    return [
        column
        for column in table.primary_key.columns
        if column.autoincrement is True or column.identity is not None
    ]


def aware(moment: datetime) -> datetime:
    """A stored moment with its zone: SQLite hands datetimes back without it, and everything the
    read models store is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def iso(moment: datetime | None) -> str | None:
    """A stored moment as queries answer it (ISO 8601, with its zone)."""
    return None if moment is None else aware(moment).isoformat()
