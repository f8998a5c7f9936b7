"""How the relay waits: between batches for the store's wake-ups, a stop signal, or time; and
after a failure, out the trouble with exponential backoff.

`stop` is a threading.Event or an eventlet Event (the relay runs on an OS thread or in a green
thread of a Nameko container).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from services.eventstore.wakeups import Wakeups

log = logging.getLogger("quartier.relay")

FALLBACK_POLL = 1.0  # seconds between reads while no wake-up comes (one may be lost)
SETTLE = (0.001, 0.002, 0.004, 0.008, 0.016, 0.032)  # re-reads after a wake-up that found nothing
STOP_CHECK = 0.25  # the longest a wait goes without looking at the stop signal
# How long a caught-up relay leaves its last batch unconfirmed while it waits for the next
# append (0066): the next batch goes out at once, and the previous one is checkpointed after it.
LINGER = 0.02
STILL_FAILING_EVERY = 60.0  # seconds between warnings while the broker or store stays away


def is_set(stop: Any) -> bool:
    is_set = getattr(stop, "is_set", None)
    return bool(is_set() if is_set is not None else stop.ready())


def wait_for(stop: Any, listener: Wakeups) -> bool:
    """Whether the store woke the relay up within FALLBACK_POLL seconds (False: the fallback
    read is due, or the relay is stopping)."""
    deadline = time.monotonic() + FALLBACK_POLL
    while not is_set(stop):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        if listener.wait(min(STOP_CHECK, remaining)):
            return True
    return False


def wait(stop: Any, seconds: float) -> None:
    if not is_set(stop):
        stop.wait(seconds)


class Retries:
    """The failures of one relay in a row: how long to wait before the next attempt, and one
    line when the trouble starts, one a minute while it lasts and one when it ends (the retries
    between are details)."""

    def __init__(self, name: str, max_backoff: float) -> None:
        self._name = name
        self._max_backoff = max_backoff
        self._failures = 0
        self._warned = 0.0

    def failed(self, reason: str) -> float:
        """Seconds to wait before trying again."""
        delay = min(self._max_backoff, 0.2 * 2.0**self._failures)
        self._failures += 1
        loud = self._failures == 1 or time.monotonic() - self._warned >= STILL_FAILING_EVERY
        if loud:
            self._warned = time.monotonic()
        log.log(
            logging.WARNING if loud else logging.DEBUG,
            "relay %s: %s; retrying%s",
            self._name,
            reason,
            "" if self._failures == 1 else f" (attempt {self._failures})",
        )
        return delay

    def succeeded(self) -> None:
        if self._failures:
            log.info(
                "relay %s: publishing again after %d failed attempts", self._name, self._failures
            )
            self._failures = 0
