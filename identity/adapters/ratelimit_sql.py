"""The sign-in limiter's store in the identity read-model database (SQLite or PostgreSQL):
failures, locks and remembered devices, each under a keyed hash only (ratelimit.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine

from services.runtime.connections import lost_as
from services.subscriptions.columns import serial_id


class LimiterUnavailable(Exception):
    """The database keeping sign-in failures could not be reached."""


METADATA = sa.MetaData()
signin_failures = sa.Table(
    "signin_failures",
    METADATA,
    serial_id(),
    sa.Column("scope", sa.String(10), nullable=False),
    sa.Column("key", sa.String(64), nullable=False),
    sa.Column("at", sa.Float, nullable=False),
    sa.Index("signin_failures_key", "scope", "key", "at"),
    sa.Index("signin_failures_at", "at"),
)
signin_locks = sa.Table(
    "signin_locks",
    METADATA,
    sa.Column("scope", sa.String(10), primary_key=True),
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("until", sa.Float, nullable=False),
)
# A browser that signed in to an account: keyed hash of (account, device token), last success.
signin_devices = sa.Table(
    "signin_devices",
    METADATA,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("seen_at", sa.Float, nullable=False, index=True),
)


class SqlAttemptStore:
    """Failures, locks and devices in the identity read-model database."""

    def __init__(self, engine: Engine) -> None:
        # Imported here: the subscriptions package brings the whole event-store stack with it.
        from services.subscriptions.database import create_all

        self._engine = engine
        with _translating():
            create_all(engine, METADATA)

    @contextmanager
    def _begin(self) -> Iterator[Connection]:
        with _translating(), self._engine.begin() as conn:
            yield conn

    @staticmethod
    def _insert(conn: Connection) -> Any:
        return pg_insert if conn.dialect.name == "postgresql" else sqlite_insert

    def record_failure(self, scope: str, key: str, at: float, since: float) -> int:
        f = signin_failures
        with self._begin() as conn:
            conn.execute(sa.insert(f).values(scope=scope, key=key, at=at))
            count = conn.execute(
                sa.select(sa.func.count())
                .select_from(f)
                .where(f.c.scope == scope, f.c.key == key, f.c.at > since)
            ).scalar_one()
        return int(count)

    def lock(self, scope: str, key: str, until: float, forget: bool = True) -> None:
        with self._begin() as conn:
            stmt = self._insert(conn)(signin_locks).values(scope=scope, key=key, until=until)
            conn.execute(
                stmt.on_conflict_do_update(
                    index_elements=["scope", "key"], set_={"until": stmt.excluded.until}
                )
            )
            if forget:
                f = signin_failures
                conn.execute(sa.delete(f).where(f.c.scope == scope, f.c.key == key))

    def locked_until(self, scope: str, key: str) -> float | None:
        t = signin_locks
        with self._begin() as conn:
            until = conn.execute(
                sa.select(t.c.until).where(t.c.scope == scope, t.c.key == key)
            ).scalar_one_or_none()
        return None if until is None else float(until)

    def clear(self, scope: str, key: str) -> None:
        f = signin_failures
        with self._begin() as conn:
            conn.execute(sa.delete(f).where(f.c.scope == scope, f.c.key == key))

    def remember(self, key: str, at: float) -> None:
        with self._begin() as conn:
            stmt = self._insert(conn)(signin_devices).values(key=key, seen_at=at)
            conn.execute(
                stmt.on_conflict_do_update(
                    index_elements=["key"], set_={"seen_at": stmt.excluded.seen_at}
                )
            )

    def remembered(self, key: str, since: float) -> bool:
        d = signin_devices
        with self._begin() as conn:
            seen = conn.execute(sa.select(d.c.seen_at).where(d.c.key == key)).scalar_one_or_none()
        return seen is not None and float(seen) >= since

    def prune(self, before: float, devices_before: float) -> None:
        with self._begin() as conn:
            conn.execute(sa.delete(signin_failures).where(signin_failures.c.at < before))
            conn.execute(sa.delete(signin_locks).where(signin_locks.c.until < before))
            conn.execute(sa.delete(signin_devices).where(signin_devices.c.seen_at < devices_before))


# A lost database connection becomes the port's own error.
_translating = partial(lost_as, LimiterUnavailable, "the sign-in limiter's database")
