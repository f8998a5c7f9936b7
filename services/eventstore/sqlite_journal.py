"""A SQLite file switched to WAL by whichever process opens it first, the others waiting.

`PRAGMA journal_mode=WAL` needs the file to itself, and SQLite runs no busy handler for it:
when every process of a platform opens a new log at once, one of them got "database is locked"
at once, whatever its busy_timeout said, and stopped. The mode belongs to the file, so it is
read first (after the first open there is nothing to do and no lock to take), and a switch
refused because another connection holds the file is tried again until `wait` has passed.
"""

from __future__ import annotations

import sqlite3
import time

FIRST_PAUSE = 0.005
LONGEST_PAUSE = 0.1


def _pause(seconds: float) -> None:
    # time.sleep looked up at each call: eventlet's, once a service has monkey-patched. A test
    # replaces this function to know a switch was refused.
    time.sleep(seconds)


def journal_wal(conn: sqlite3.Connection, wait: float = 30.0) -> str:
    """Put `conn`'s file in WAL mode unless it already is; the mode it is in afterwards (an
    in-memory database stays in "memory"). Raises sqlite3.OperationalError once `wait`
    seconds went by with the file held by others."""
    deadline = time.monotonic() + wait
    pause = FIRST_PAUSE
    while True:
        try:
            mode = str(conn.execute("PRAGMA journal_mode").fetchone()[0])
            if mode.lower() == "wal":
                return mode
            return str(conn.execute("PRAGMA journal_mode=WAL").fetchone()[0])
        except sqlite3.OperationalError as exc:
            if not _held(exc) or time.monotonic() + pause > deadline:
                raise
        _pause(pause)
        pause = min(pause * 2, LONGEST_PAUSE)


def _held(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text
