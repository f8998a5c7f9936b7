"""Waiting for PostgreSQL appends: LISTEN on the channel every append notifies (postgres_sql.py),
on a connection of its own (docs/decisions/0043-wake-ups.md).

The wait is a select() on the connection's socket, then libpq's non-blocking reads
(consume_input, notifies): under eventlet's monkey patching select() is green, so a waiting relay
holds no other green thread back. A notification comes once its append has committed, but the
rows may still lie behind the readers' horizon (an earlier append still running): the woken reader
reads again shortly, or at that append's own notification.

Each notification names the contexts appended to (postgres_append_sql.woken): `contexts` holds
those the last `wait` heard, or None when it cannot tell (listening began, a notification from
a writer that names none), for a listener that wakes only the readers concerned (0060).
"""

from __future__ import annotations

import contextlib
import logging
import select
import time
from typing import Any

import psycopg

log = logging.getLogger("quartier.eventstore")


class PostgresWakeups:
    def __init__(self, dsn: str, channel: str, where: str) -> None:
        self._dsn = dsn
        self._channel = channel
        self._where = where
        self._conn: psycopg.Connection[Any] | None = None
        self._failing = False
        self.contexts: frozenset[str] | None = None

    def wait(self, timeout: float) -> bool:
        """True once an append has committed since the last call, False after `timeout` seconds
        without one. True too when listening starts (again): what came before is unknown."""
        deadline = time.monotonic() + timeout
        self.contexts = None
        try:
            if self._conn is None:
                self._listen()
                return True
            pgconn = self._conn.pgconn
            while True:
                heard = _drained(pgconn)
                if heard is not None:
                    self.contexts = None if "" in heard else frozenset(heard)
                    return True
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                readable, _, _ = select.select([pgconn.socket], [], [], remaining)
                if readable:
                    pgconn.consume_input()
        except (psycopg.Error, OSError) as exc:
            self._lost(exc)
            time.sleep(max(0.0, deadline - time.monotonic()))
            return True

    def _listen(self) -> None:
        conn = psycopg.connect(self._dsn, autocommit=True, connect_timeout=5)
        conn.execute(f'LISTEN "{self._channel}"')
        self._conn = conn
        if self._failing:
            self._failing = False
            log.info("listening to the appends of the %s again", self._where)

    def _lost(self, exc: BaseException) -> None:
        if not self._failing:
            self._failing = True
            log.warning(
                "cannot listen to the appends of the %s (%s); polling until it answers",
                self._where,
                type(exc).__name__,
            )
        self.close()

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(psycopg.Error):
                conn.close()


def _drained(pgconn: Any) -> set[str] | None:
    """The contexts of the notifications libpq holds already read ("" for one that names
    none), or None when it holds none; takes them all."""
    heard: set[str] | None = None
    while (notify := pgconn.notifies()) is not None:
        heard = heard if heard is not None else set()
        heard.update(notify.extra.decode().split(","))
    return heard
