"""When a trip leaves: a one-off trip at its `departure`, a weekly commute on its days at its
wall-clock time in its time zone (Europe/Paris unless its details name another), from the day
it was published until its listing expires.

A weekly departure keeps its local time across daylight-saving changes: 08:00 in Paris is 07:00
UTC in winter and 06:00 UTC in summer. The occurrences are the weekly recurrence rule of
RFC 5545 (dateutil's rrule) on local wall-clock times, given their zone afterwards. A time that
does not exist on the spring-forward day (02:30) reads with the offset before the change, as
PEP 495 says (docs/decisions/0020). Pure computation: no clock, the moments come in.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime, time
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import WEEKLY, rrule, weekday
from dateutil.rrule import weekdays as rrule_weekdays

from contracts.listings.categories import WEEKDAYS
from contracts.listings.trips import DEFAULT_TIME_ZONE

_BY_NAME: dict[str, weekday] = dict(zip(WEEKDAYS, rrule_weekdays, strict=True))


class Schedule:
    """A trip's departures, read from its transport details, `published_at` and `expires_at`."""

    def __init__(
        self, details: Mapping[str, Any], published_at: datetime, expires_at: datetime | None
    ) -> None:
        self._expires_at = expires_at
        weekly = details.get("weekly")
        if weekly is None:
            self._departure: datetime | None = _moment(details["departure"])
            self._zone = None
            return
        self._departure = None
        self._zone = ZoneInfo(weekly.get("time_zone") or DEFAULT_TIME_ZONE)
        self._days = tuple(_BY_NAME[day] for day in weekly["days"])
        hour, minute = (int(part) for part in weekly["time"].split(":"))
        self._time = time(hour, minute)
        self._first_day = published_at.astimezone(self._zone).date()

    def departure_on(self, day: date) -> datetime | None:
        """The departure on the local date `day`, or None when the trip does not leave then."""
        if self._departure is not None:
            return self._departure if self._departure.date() == day else None
        if day < self._first_day or rrule_weekdays[day.weekday()] not in self._days:
            return None
        return self._bounded(self._local(datetime.combine(day, self._time)))

    def upcoming(self, after: datetime, count: int) -> list[tuple[date, datetime]]:
        """The next `count` departures later than `after`, each with its local date."""
        return list(islice(self._after(after), count))

    def _after(self, after: datetime) -> Iterator[tuple[date, datetime]]:
        if self._departure is not None:
            if self._departure > after and self._bounded(self._departure):
                yield self._departure.date(), self._departure
            return
        assert self._zone is not None
        start = max(self._first_day, after.astimezone(self._zone).date())
        rule = rrule(WEEKLY, byweekday=self._days, dtstart=datetime.combine(start, self._time))
        for wall in rule:
            moment = self._local(wall)
            if self._bounded(moment) is None:
                return
            if moment > after:
                yield wall.date(), moment

    def _local(self, wall: datetime) -> datetime:
        return wall.replace(tzinfo=self._zone)

    def _bounded(self, moment: datetime) -> datetime | None:
        if self._expires_at is not None and moment > self._expires_at:
            return None
        return moment


def _moment(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)
