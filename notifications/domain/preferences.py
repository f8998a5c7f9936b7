"""A resident's notification preferences: stream `notifications.preferences-<resident_id>`,
the whole choice recorded each time it changes."""

from __future__ import annotations

import functools
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from contracts.notifications.events import PreferenceEvent, PreferencesChanged, TypeUnsubscribed
from contracts.notifications.preferences import HOURS
from contracts.notifications.types import CHANNELS, CHOSEN, FREQUENCIES
from notifications.commands import ChangePreferences, PreferenceCommand, Unsubscribe
from notifications.domain.delivery import DEFAULTS, Preferences
from notifications.domain.errors import (
    InvalidDigestHour,
    InvalidQuietHours,
    InvalidTimeZone,
    UnknownNotificationType,
)

CLOCK = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
INITIAL = DEFAULTS


def preferences_stream(resident_id: uuid.UUID) -> str:
    return f"notifications.preferences-{resident_id}"


def evolve(state: Preferences, event: Any) -> Preferences:
    match event:
        case PreferencesChanged():
            return Preferences(
                types={t: dict(c) for t, c in event.types.items()},
                email_frequency=event.email_frequency,
                digest_hour=event.digest_hour,
                quiet_start=event.quiet_start,
                quiet_end=event.quiet_end,
                time_zone=event.time_zone,
            )
        case TypeUnsubscribed():
            chosen = {**state.types.get(event.type, {}), event.channel: False}
            return replace(state, types={**state.types, event.type: chosen})
    return state


def fold_preferences(events: Iterable[PreferenceEvent]) -> Preferences:
    return functools.reduce(evolve, events, INITIAL)


def decide(command: PreferenceCommand, state: Preferences) -> list[Any]:
    match command:
        case ChangePreferences():
            return _change(command, state)
        case Unsubscribe():
            if command.type not in CHOSEN:
                raise UnknownNotificationType(f"{command.type!r} cannot be chosen")
            if not state.wants(command.type, "email"):
                return []
            return [TypeUnsubscribed(command.resident_id, command.type, "email", command.at)]


def _change(command: ChangePreferences, state: Preferences) -> list[Any]:
    types = _types(command.types, state)
    if command.email_frequency not in FREQUENCIES:
        raise UnknownNotificationType(f"no e-mail frequency {command.email_frequency!r}")
    if not (HOURS.min or 0) <= command.digest_hour <= (HOURS.max or 23):
        raise InvalidDigestHour(f"digest hour {command.digest_hour}")
    quiet = (command.quiet_start, command.quiet_end)
    if quiet != (None, None) and (
        None in quiet
        or not all(CLOCK.match(q or "") for q in quiet)
        or command.quiet_start == command.quiet_end
    ):
        raise InvalidQuietHours("quiet hours need two different HH:MM times")
    _zone(command.time_zone)
    changed = PreferencesChanged(
        command.resident_id,
        types,
        command.email_frequency,
        command.digest_hour,
        command.quiet_start,
        command.quiet_end,
        command.time_zone,
        command.at,
    )
    if evolve(state, changed) == state:
        return []
    return [changed]


def _types(asked: Mapping[str, Any], state: Preferences) -> dict[str, dict[str, bool]]:
    """The resident's choices after this change: what they named over what they had, only
    where it differs from the default (every channel on)."""
    merged = {t: dict(c) for t, c in state.types.items()}
    for kind, channels in asked.items():
        if kind not in CHOSEN or not isinstance(channels, Mapping):
            raise UnknownNotificationType(f"{kind!r} cannot be chosen")
        for channel, on in channels.items():
            if channel not in CHANNELS or not isinstance(on, bool):
                raise UnknownNotificationType(f"{kind!r} has no channel {channel!r}")
            merged.setdefault(kind, {})[channel] = on
    return {t: c for t, c in merged.items() if not all(c.values())}


def _zone(name: str) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidTimeZone("unknown time zone") from None
