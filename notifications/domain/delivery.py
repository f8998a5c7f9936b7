"""How and when a notification reaches a resident: in the inbox or not, by e-mail now, later
(after quiet hours) or in the daily digest, or not at all. Pure: the time comes in.

Quiet hours are wall-clock times in the resident's time zone and may cross midnight (22:00 to
07:00); a mail held by them leaves when they end, computed on that day's local calendar, so a
change of daylight-saving time between now and then moves the instant, not the local hour.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from contracts.notifications.types import (
    ACCOUNT,
    AT_ONCE,
    CHANNELS,
    CHOSEN,
    DEFAULT_DIGEST_HOUR,
    DEFAULT_FREQUENCY,
    DEFAULT_QUIET_HOURS,
    DEFAULT_TIME_ZONE,
    GROUPS,
    IMMEDIATE,
    TYPES,
)

GROUP_OF = {kind: group for group, kinds in GROUPS.items() for kind in kinds}
NOW = "now"
DIGEST = "digest"


def clock_time(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


@dataclass(frozen=True)
class Preferences:
    """A resident's choices; `types` holds only what they changed from the defaults."""

    types: Mapping[str, Mapping[str, bool]] = field(default_factory=dict)
    email_frequency: str = DEFAULT_FREQUENCY
    digest_hour: int = DEFAULT_DIGEST_HOUR
    quiet_start: str | None = DEFAULT_QUIET_HOURS[0]
    quiet_end: str | None = DEFAULT_QUIET_HOURS[1]
    time_zone: str = DEFAULT_TIME_ZONE

    def wants(self, kind: str, channel: str) -> bool:
        """Whether the resident keeps `channel` on for `kind` (every channel is on unless
        turned off); account mails are never theirs to turn off."""
        if kind in ACCOUNT:
            return True
        return bool(self.types.get(kind, {}).get(channel, True))

    def shown(self) -> dict[str, Any]:
        """Every chosen type with both channels, as the API shows them."""
        return {
            "types": {t: {c: self.wants(t, c) for c in CHANNELS} for t in CHOSEN},
            "email_frequency": self.email_frequency,
            "digest_hour": self.digest_hour,
            "quiet_hours": (
                None
                if self.quiet_start is None or self.quiet_end is None
                else {"start": self.quiet_start, "end": self.quiet_end}
            ),
            "time_zone": self.time_zone,
        }


DEFAULTS = Preferences()


@dataclass(frozen=True)
class Mail:
    """An e-mail to send: `how` is NOW (at `due`) or DIGEST (gathered into the digest due at
    `due`)."""

    how: str
    due: datetime


def mail(kind: str, prefs: Preferences, now: datetime, confirmed: bool) -> Mail | None:
    """Whether and when `kind` is e-mailed to a resident with these preferences."""
    if kind in ACCOUNT:
        return Mail(NOW, now)
    if not confirmed or not prefs.wants(kind, "email"):
        return None
    if kind in AT_ONCE:
        return Mail(NOW, now)
    if prefs.email_frequency == "never":
        return None
    if prefs.email_frequency == "immediate" or kind in IMMEDIATE:
        return Mail(NOW, after_quiet(now, prefs))
    return Mail(DIGEST, next_digest(now, prefs))


def in_app(kind: str, prefs: Preferences) -> bool:
    """Whether `kind` lands in the inbox (account mails never do: their links are secrets)."""
    return kind not in ACCOUNT and prefs.wants(kind, "in_app")


def after_quiet(moment: datetime, prefs: Preferences) -> datetime:
    """`moment`, or the end of the quiet hours it falls in (UTC)."""
    if prefs.quiet_start is None or prefs.quiet_end is None:
        return moment
    zone = ZoneInfo(prefs.time_zone)
    local = moment.astimezone(zone)
    start, end = clock_time(prefs.quiet_start), clock_time(prefs.quiet_end)
    now = local.time().replace(tzinfo=None)
    if start < end:
        quiet, day = start <= now < end, local.date()
    else:  # across midnight: from start tonight until end tomorrow morning
        quiet = now >= start or now < end
        day = local.date() + timedelta(days=1) if now >= start else local.date()
    if not quiet:
        return moment
    return datetime.combine(day, end, tzinfo=zone).astimezone(UTC)


def next_digest(moment: datetime, prefs: Preferences) -> datetime:
    """When the next daily digest after `moment` leaves: the digest hour, local, today or
    tomorrow, pushed past quiet hours when it falls in them."""
    zone = ZoneInfo(prefs.time_zone)
    local = moment.astimezone(zone)
    hour = time(prefs.digest_hour)
    due = datetime.combine(local.date(), hour, tzinfo=zone).astimezone(UTC)
    if due <= moment:
        due = datetime.combine(local.date() + timedelta(days=1), hour, tzinfo=zone).astimezone(UTC)
    return after_quiet(due, prefs)


def grouped(items: Iterable[Mapping[str, Any]]) -> list[tuple[str, list[Mapping[str, Any]]]]:
    """A digest's notifications under the heading of their group (contracts' GROUPS, in that
    order), by type in the order of the types, oldest first within a type."""
    order = {kind: index for index, kind in enumerate(TYPES)}
    ranked = sorted(
        items, key=lambda i: (order[i["type"]], i["created_at"], str(i["notification_id"]))
    )
    by_group: dict[str, list[Mapping[str, Any]]] = {}
    for item in ranked:
        by_group.setdefault(GROUP_OF[item["type"]], []).append(item)
    return [(g, by_group[g]) for g in GROUPS if g in by_group]
