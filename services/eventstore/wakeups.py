"""Wake-ups: a reader tailing the log (the relay) waits for appends instead of polling
(docs/decisions/0043-wake-ups.md).

`wakeups_of(store)` gives a listener with `wait(timeout) -> bool` (True: something was appended
since the last call, or may have been) and `close()`, or None for an adapter that offers none
(EventStoreDB): its reader polls. PostgreSQL listens to its appends' NOTIFY
(postgres_wakeups.py); SQLite watches the file's data_version (sqlite_wakeups.py); memory and
the appends of the reader's own process signal in-process waiters (Signal). Every listener may
wake spuriously or, rarely, late: a reader still reads on a slow timer.

A listener that can tell which contexts were appended to has `contexts` (`woken_for`), set by
each `wait`: PostgreSQL's notifications name them; SQLite's data_version cannot.
"""

from __future__ import annotations

import threading
from typing import Any, Protocol


class Wakeups(Protocol):
    def wait(self, timeout: float) -> bool: ...

    def close(self) -> None: ...


def wakeups_of(store: Any) -> Wakeups | None:
    opener = getattr(store, "wakeups", None)
    return None if opener is None else opener()


def woken_for(listener: Wakeups) -> frozenset[str] | None:
    """The contexts appended to that the listener's last `wait` heard of; None: any, unknown."""
    contexts = getattr(listener, "contexts", None)
    return None if contexts is None else frozenset(contexts)


class Signal:
    """Appends committed in this process, counted; listeners wait for the count to move."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.count = 0

    def appended(self) -> None:
        with self._changed:
            self.count += 1
            self._changed.notify_all()

    def wait_past(self, seen: int, timeout: float) -> int:
        """The count, once past `seen` or after `timeout` seconds."""
        with self._changed:
            if self.count == seen:
                self._changed.wait(timeout)
            return self.count


class SignalWakeups:
    """A listener to one process's appends (the memory adapter's whole log)."""

    def __init__(self, signal: Signal) -> None:
        self._signal = signal
        self._seen = signal.count

    def wait(self, timeout: float) -> bool:
        count = self._signal.wait_past(self._seen, timeout)
        woken, self._seen = count != self._seen, count
        return woken

    def close(self) -> None:
        pass
