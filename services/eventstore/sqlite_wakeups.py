"""Waiting for SQLite appends from any process of the machine (docs/decisions/0043-wake-ups.md).

`PRAGMA data_version` on a connection of the listener's own changes whenever another connection,
of this process or another, has committed to the file; reading it touches only the WAL index in
shared memory (no disk, no lock), so it is checked every CHECK_EVERY seconds while appends come,
every IDLE_CHECK_EVERY seconds once none came for BUSY_SECONDS: each check under eventlet costs
some 60 microseconds: a listener in every process of an idle machine checking 500 times a
second took 3% of a core each. Appends of the listener's own process end the wait at once
(Signal).
"""

from __future__ import annotations

import sqlite3
import time

from .wakeups import Signal

CHECK_EVERY = 0.002
IDLE_CHECK_EVERY = 0.02
BUSY_SECONDS = 1.0


class SQLiteWakeups:
    def __init__(self, path: str, signal: Signal) -> None:
        self._conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._signal = signal
        self._seen_here = signal.count
        self._seen = self._version()
        self._changed_at = time.monotonic()

    def _version(self) -> int:
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def wait(self, timeout: float) -> bool:
        """True once something was committed to the file since the last call, False after
        `timeout` seconds without."""
        deadline = time.monotonic() + timeout
        while True:
            version = self._version()
            now = time.monotonic()
            if version != self._seen:
                self._seen, self._changed_at = version, now
                self._seen_here = self._signal.count
                return True
            remaining = deadline - now
            if remaining <= 0:
                return False
            every = CHECK_EVERY if now - self._changed_at < BUSY_SECONDS else IDLE_CHECK_EVERY
            here = self._signal.wait_past(self._seen_here, min(every, remaining))
            if here != self._seen_here:
                self._seen_here, self._changed_at = here, time.monotonic()
                self._seen = self._version()
                return True

    def close(self) -> None:
        self._conn.close()
