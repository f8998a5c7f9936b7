"""A SQLite file switched to WAL while another connection holds it: the switch waits for the
file instead of failing at once (SQLite runs no busy handler for it), and fails only once its
time is out; a file already in WAL takes no lock to open."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from services.eventstore import sqlite_journal
from services.eventstore.sqlite_journal import journal_wal


def held(path: Path) -> sqlite3.Connection:
    """Another connection in the middle of reading the file: the switch needs it alone."""
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE IF NOT EXISTS t (x)")
    holder.execute("BEGIN")
    holder.execute("SELECT * FROM t").fetchall()
    return holder


def refused_at_once(path: Path) -> sqlite3.Connection:
    """A connection whose switch is refused at once while the file is held. Two processes
    switching a new file together each hold it shared and wait for the other, so SQLite refuses
    one at once, busy timeout or not; with no busy timeout every refusal is that one."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout=0")
    return conn


def test_the_switch_waits_while_another_connection_holds_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "new.db"
    holder = held(path)
    refused = threading.Event()

    def pause(seconds: float) -> None:
        refused.set()
        threading.Event().wait(seconds)

    monkeypatch.setattr(sqlite_journal, "_pause", pause)
    conn = refused_at_once(path)
    # What opening did before: refused, and stopped there.
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        conn.execute("PRAGMA journal_mode=WAL")
    modes: list[str] = []
    switching = threading.Thread(target=lambda: modes.append(journal_wal(conn)))
    switching.start()
    assert refused.wait(10), "the switch was never refused while the file was held"
    holder.execute("COMMIT")
    switching.join(10)
    assert modes == ["wal"]
    holder.close()
    conn.close()


def test_the_switch_gives_up_once_its_time_is_out(tmp_path: Path) -> None:
    path = tmp_path / "held.db"
    holder = held(path)
    conn = refused_at_once(path)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        journal_wal(conn, wait=0.05)
    holder.close()
    conn.close()


def test_a_file_already_in_wal_opens_while_another_connection_writes(tmp_path: Path) -> None:
    path = tmp_path / "wal.db"
    first = sqlite3.connect(path, isolation_level=None)
    assert journal_wal(first) == "wal"
    first.execute("CREATE TABLE t (x)")
    first.execute("BEGIN IMMEDIATE")
    first.execute("INSERT INTO t VALUES (1)")
    later = sqlite3.connect(path, isolation_level=None)
    assert journal_wal(later, wait=0) == "wal"
    first.execute("COMMIT")
    assert journal_wal(sqlite3.connect(":memory:")) == "memory"
