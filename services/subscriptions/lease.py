"""One active instance per name across processes and machines.

PostgreSQL: a session advisory lock held on a connection of its own; it goes when the process
or its connection dies. SQLite: a lease row with an expiry, renewed while the holder works.

Either way the holder trusts its lease for a while without asking (half the row's time to live
on SQLite, a second on PostgreSQL) rather than spend a round trip before every batch: two
instances that both believe they hold it still cannot apply an event twice, as the checkpoint
moves by compare-and-set (checkpoint.claim).
"""

from __future__ import annotations

import hashlib
import time
import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from .database import leases

TTL_SECONDS = 10.0
# How long a held advisory lock is trusted before its connection is checked again.
TRUSTED_SECONDS = 1.0


class Lease:
    def __init__(self, engine: Engine, name: str, ttl: float = TTL_SECONDS) -> None:
        self.name = name
        self._engine = engine
        self._ttl = ttl
        self._holder = uuid.uuid4().hex
        self._conn: Connection | None = None
        self._held = False
        self._expires = 0.0
        self._lock_key: int | None = None
        self._checked = 0.0

    @property
    def held(self) -> bool:
        return self._held

    def acquire(self) -> bool:
        """Take or renew the lease without waiting; False while another instance holds it."""
        if self._engine.dialect.name == "postgresql":
            self._held = self._advisory()
        else:
            self._held = self._row()
        return self._held

    def release(self) -> None:
        if self._conn is not None:
            try:
                self._conn.execute(
                    sa.text("SELECT pg_advisory_unlock(:k)"), {"k": self._key_in(self._conn)}
                )
                self._conn.commit()
                self._conn.close()
            except sa.exc.DBAPIError:
                pass  # the lock went with the broken connection
            self._conn = None
        elif self._held:
            with self._engine.begin() as conn:
                conn.execute(
                    leases.delete().where(
                        leases.c.name == self.name, leases.c.holder == self._holder
                    )
                )
        self._held = False

    def _key_in(self, conn: Connection) -> int:
        # Advisory locks span the whole database: the schema keeps read models that live in
        # different schemas of one database (deployments, test runs) from blocking each other.
        if self._lock_key is None:
            schema = conn.execute(sa.text("SELECT current_schema()")).scalar()
            digest = hashlib.blake2b(f"{schema}:{self.name}".encode(), digest_size=8).digest()
            self._lock_key = int.from_bytes(digest, "big", signed=True)
        return self._lock_key

    def _advisory(self) -> bool:
        if self._conn is not None:
            if time.monotonic() - self._checked < TRUSTED_SECONDS:
                return True
            try:
                self._conn.execute(sa.text("SELECT 1"))
                self._conn.commit()
                self._checked = time.monotonic()
                return True
            except sa.exc.DBAPIError:
                self._conn = None  # lost with its connection; try again below
        conn = self._engine.connect()
        got: Any = conn.execute(
            sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": self._key_in(conn)}
        ).scalar()
        conn.commit()
        if got:
            self._conn, self._checked = conn, time.monotonic()
            return True
        conn.close()
        return False

    def _row(self) -> bool:
        now = time.time()
        if self._held and now < self._expires - self._ttl / 2:
            return True
        with self._engine.begin() as conn:
            taken = conn.execute(
                leases.update()
                .where(
                    leases.c.name == self.name,
                    sa.or_(leases.c.holder == self._holder, leases.c.expires_at < now),
                )
                .values(holder=self._holder, expires_at=now + self._ttl)
            ).rowcount
            if not taken:
                exists = conn.execute(
                    sa.select(leases.c.name).where(leases.c.name == self.name)
                ).first()
                if exists is None:
                    conn.execute(
                        leases.insert().values(
                            name=self.name, holder=self._holder, expires_at=now + self._ttl
                        )
                    )
                    taken = 1
        if taken:
            self._expires = now + self._ttl
        return bool(taken)
