"""Subscribers woken by the event store itself, not only by the relay's messages
(docs/decisions/0058-subscribers-woken-by-the-store.md).

One listener per event store and process, whatever the number of services the process runs
(`make run` runs them all in one): every Subscriptions provider of the process joins it with its
`wake`, and each wake-up of the store wakes those that read a context appended to (all of
them when the store cannot tell, as SQLite cannot; docs/decisions/0060). Each then reads the log
from its own checkpoint, so a spurious, late or missed wake-up changes nothing; the relay's
message and the timer still come after.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import eventlet
from eventlet.semaphore import Semaphore

from services.eventstore.wakeups import Wakeups, wakeups_of, woken_for

log = logging.getLogger("quartier.runtime")

STOP_CHECK = 0.25  # the longest a wait goes without looking whether anyone still listens
RETRY_SECONDS = 1.0  # after a listener failed to open or broke

Wake = Callable[[], None]
Contexts = frozenset[str] | None  # what a reader reads; None: everything

_hubs: dict[str, Hub] = {}
_lock = Semaphore()


class Hub:
    def __init__(self, url: str, store: Any) -> None:
        self.url = url
        self._store = store
        self.wakes: list[tuple[Wake, Contexts]] = []
        self.thread: Any = None

    def start(self) -> None:
        self.thread = eventlet.spawn(self._run)

    def _run(self) -> None:
        listener: Wakeups | None = None
        failing = False
        try:
            while self.wakes:
                try:
                    if listener is None:
                        listener = wakeups_of(self._store)
                        if listener is None:
                            return  # a store without wake-ups (EventStoreDB): the relay wakes
                    woken = listener.wait(STOP_CHECK)
                    failing = False
                except Exception as exc:  # the store away: the relay's messages still wake
                    if not failing:
                        log.warning("store wake-ups interrupted (%s)", type(exc).__name__)
                    failing = True
                    _closed(listener)
                    listener = None
                    eventlet.sleep(RETRY_SECONDS)
                    continue
                if woken:
                    appended = woken_for(listener)
                    for wake, reads in list(self.wakes):
                        if appended is None or reads is None or reads & appended:
                            wake()
        finally:
            _closed(listener)


def _closed(listener: Wakeups | None) -> None:
    if listener is not None:
        try:
            listener.close()
        except Exception as exc:  # closing on the way out
            log.warning("closing store wake-ups failed: %s", type(exc).__name__)


def join(url: str, store: Any, wake: Wake, reads: Contexts = None) -> Callable[[], None]:
    """Have `wake` called at every wake-up of the store at `url` that concerns the contexts it
    `reads` (None: every wake-up); `store`, its client, opens the listener if none runs yet in
    this process. Returns the call that stops it."""
    joined = (wake, reads)
    with _lock:
        hub = _hubs.get(url)
        if hub is None:
            hub = _hubs[url] = Hub(url, store)
            hub.wakes.append(joined)
            hub.start()
        else:
            hub.wakes.append(joined)

    def leave() -> None:
        with _lock:
            if joined in hub.wakes:
                hub.wakes.remove(joined)
            if not hub.wakes and _hubs.get(url) is hub:
                del _hubs[url]  # its thread ends at its next look, closing the listener

    return leave
