"""Waiting on a signal instead of sleeping a guessed time.

A test that checks something did NOT happen first waits, with `eventually`, for a later marker
to have been processed (a later event applied, a queue drained, a later request answered): had
the unwanted thing been on its way, it would have happened by then.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def eventually(
    check: Callable[[], T], *, what: str, timeout: float = 20.0, interval: float = 0.1
) -> T:
    """Call `check` until it returns something truthy, and return that. After `timeout`
    seconds, fail naming `what` only: the last value may hold personal data, so it is never
    shown. An exception raised by `check` is not caught: it fails the test at once."""
    __tracebackhide__ = True
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"not within {timeout:g} s: {what}")
        time.sleep(interval)
