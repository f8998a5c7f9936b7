"""A clock the test sets by hand, for code that takes a `clock()` callable."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Generic, TypeVar

When = TypeVar("When", float, datetime)


class Clock(Generic[When]):
    """`clock()` answers `clock.now`, seconds since the epoch or an aware datetime, whichever it
    was given; a test sets `now` or moves it on with `advance(seconds)`."""

    def __init__(self, now: When) -> None:
        self.now: When = now

    def __call__(self) -> When:
        return self.now

    def advance(self, seconds: float) -> None:
        now = self.now
        if isinstance(now, datetime):
            self.now = now + timedelta(seconds=seconds)
        else:
            self.now = now + seconds
