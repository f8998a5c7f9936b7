"""The PostgreSQL store's wake-up, sent after appends commit by a thread and a connection of its
own (docs/decisions/0044, fifth pass).

The appending thread only marks the wake-up due and goes on: it no longer waits a round trip for
the notification once its append has committed, and its lane (grouping.py) is free for the next
group a round trip sooner. Appends that commit while a notification is on its way share the next
one: listeners read everything committed since their last read anyway. A notification lost with
the connection leaves readers to their own timers (0043); the appends stand.
"""

from __future__ import annotations

import contextlib
import os
import threading
from typing import Any

import psycopg

CLOSE_WAIT = 2.0  # seconds close() gives the last notification


class Notifier:
    def __init__(self, dsn: str, statement: str) -> None:
        self._dsn = dsn
        self._statement = statement
        self._due = threading.Event()
        self._stopping = False
        self._guard = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid = 0  # the process whose thread sends

    def appended(self) -> None:
        """Mark a wake-up due: something committed."""
        self._due.set()
        if self._pid != os.getpid():  # none yet, or a forked child's: its parent's is not here
            with self._guard:
                if self._pid != os.getpid() and not self._stopping:
                    self._thread = threading.Thread(
                        target=self._run, name="quartier-append-notifier", daemon=True
                    )
                    self._thread.start()
                    self._pid = os.getpid()

    def _run(self) -> None:
        pg: psycopg.Connection[Any] | None = None
        try:
            while True:
                self._due.wait()
                self._due.clear()
                pg = self._send(pg)
                if self._stopping and not self._due.is_set():
                    return
        finally:
            if pg is not None:
                with contextlib.suppress(psycopg.Error):
                    pg.close()

    def _send(self, pg: psycopg.Connection[Any] | None) -> psycopg.Connection[Any] | None:
        try:
            if pg is None:
                pg = psycopg.connect(self._dsn, autocommit=True, connect_timeout=5)
            pg.execute(self._statement)
            return pg
        except psycopg.Error:
            if pg is not None:
                with contextlib.suppress(psycopg.Error):
                    pg.close()
            return None

    def close(self) -> None:
        """Send what is due, then stop."""
        with self._guard:
            self._stopping = True
            thread = self._thread
        if thread is not None:
            self._due.set()
            thread.join(CLOSE_WAIT)
