"""Waking on a SQLite database's commits instead of polling for them: inotify (Linux) on the
database's write-ahead log, which every commit writes to. A benchmark's observer can then see a
row as soon as it is committed, at no cost while nothing is.

    watch = WalWatch(Path("read.db"))
    while ...:
        watch.wait(0.005)   # True: the log was written to; False: the timeout
        ... read the new rows ...
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
import struct
import time
from pathlib import Path

IN_MODIFY = 0x00000002
IN_IGNORED = 0x00008000  # the watch is gone: the log was removed (its last connection closed)
IN_NONBLOCK = os.O_NONBLOCK
IN_CLOEXEC = os.O_CLOEXEC
EVENT = struct.Struct("iIII")  # struct inotify_event: wd, mask, cookie, len (then the name)


class WalWatch:
    def __init__(self, database: Path) -> None:
        self._wal = f"{database}-wal".encode()
        self._libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        self._fd = self._libc.inotify_init1(IN_NONBLOCK | IN_CLOEXEC)
        if self._fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1 failed")
        self._watching = False
        self._watch()

    def _watch(self) -> bool:
        self._watching = self._libc.inotify_add_watch(self._fd, self._wal, IN_MODIFY) >= 0
        return self._watching

    def wait(self, timeout: float) -> bool:
        """True once the log has been written to since the last call (or may have been: a new
        log watched from now on); False after `timeout` seconds without, or while there is no
        log to watch (the database is not open in WAL mode)."""
        if not self._watching:
            if self._watch():
                return True  # the log is new: what it holds came unwatched
            time.sleep(timeout)
            return False
        readable, _, _ = select.select([self._fd], [], [], timeout)
        return bool(readable) and self._drained()

    def _drained(self) -> bool:
        """Whether the events read say the log was written to (not only that it went)."""
        try:
            data = os.read(self._fd, 1 << 16)
        except BlockingIOError:
            return False
        written, offset = False, 0
        while offset + EVENT.size <= len(data):
            _wd, mask, _cookie, length = EVENT.unpack_from(data, offset)
            written = written or bool(mask & IN_MODIFY)
            if mask & IN_IGNORED:
                self._watching = False
            offset += EVENT.size + length
        return written

    def close(self) -> None:
        os.close(self._fd)
