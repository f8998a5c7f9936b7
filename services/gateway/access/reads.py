"""Reads that wait: a GET with `?after=<position>` makes the service behind it wait, up to its
catch-up time, for its read model to reach that position, and holds one of the gateway's
workers meanwhile. So that no client can tie the workers up with such waits:

- a position beyond the head of the log is refused at once (422 on `after`): no read model
  will ever reach it. A position just written may be hidden a few milliseconds more while an
  earlier append commits (PostgreSQL's visibility horizon), so the head is read again a few
  times within GRACE_SECONDS before refusing;
- each caller (resident, else client) has at most WAITS_PER_CALLER such reads under way at
  once in a gateway process; one more is refused (429, Retry-After) without waiting.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import eventlet

from services.eventstore import EventStore, EventStoreError, Position
from services.gateway.http.errors import rate_limited, unavailable, validation_failed

WAITS_PER_CALLER = 2
# Pauses between readings of the head before a position beyond it is refused.
GRACE_SECONDS = (0.05, 0.15, 0.3)
BEYOND = "This position is beyond the end of the log: pass one a command returned."
NOT_A_POSITION = "Pass a position returned by a command."


class WaitingReads:
    def __init__(
        self,
        store: Callable[[], EventStore],
        most: int = WAITS_PER_CALLER,
        pause: Callable[[float], None] = eventlet.sleep,
    ) -> None:
        self._store = store
        self._most = most
        self._pause = pause
        self._under_way: dict[str, int] = {}

    def check(self, after: str) -> None:
        """Refuse (422 on `after`) a position the log has not reached; 503 when the log
        cannot be read."""
        try:
            store = self._store()
            try:
                wanted = store.position_from_string(after)
            except ValueError:
                raise validation_failed({"after": [NOT_A_POSITION]}) from None
            if _reached(store.head(), wanted):
                return
            for seconds in GRACE_SECONDS:
                self._pause(seconds)
                if _reached(store.head(), wanted):
                    return
        except EventStoreError:
            raise unavailable("reads") from None
        raise validation_failed({"after": [BEYOND]})

    @contextlib.contextmanager
    def slot(self, caller: str) -> Iterator[None]:
        """One of the caller's waiting reads, for as long as it runs; 429 past the most."""
        held = self._under_way.get(caller, 0)
        if held >= self._most:
            raise rate_limited(1)
        self._under_way[caller] = held + 1
        try:
            yield
        finally:
            left = self._under_way.get(caller, 1) - 1
            if left > 0:
                self._under_way[caller] = left
            else:
                self._under_way.pop(caller, None)

    def under_way(self, caller: str) -> int:
        return self._under_way.get(caller, 0)


def _reached(head: Position | None, wanted: Position) -> bool:
    return head is not None and not head < wanted


__all__ = ["WAITS_PER_CALLER", "WaitingReads"]
