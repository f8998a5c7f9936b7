"""How the relay waits between batches: for the store's wake-ups, a stop signal, or time.

`stop` is a threading.Event or an eventlet Event (the relay runs on an OS thread or in a green
thread of a Nameko container).
"""

from __future__ import annotations

import time
from typing import Any

from services.eventstore.wakeups import Wakeups

FALLBACK_POLL = 1.0  # seconds between reads while no wake-up comes (one may be lost)
SETTLE = (0.001, 0.002, 0.004, 0.008, 0.016, 0.032)  # re-reads after a wake-up that found nothing
STOP_CHECK = 0.25  # the longest a wait goes without looking at the stop signal


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
