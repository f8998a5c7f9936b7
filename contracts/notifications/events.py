"""Contracts of the notifications context.

Streams:
- `notifications.preferences-<resident_id>`: the resident's choices (PreferencesChanged, the
  whole choice each time) and one-click unsubscriptions (TypeUnsubscribed).
- `notifications.inbox-<resident_id>`: what the resident marked read.

The notifications are derived from the events of the other contexts by the inbox read model;
their types are contracts/notifications/types.py.
"""

from __future__ import annotations

from ..registry import EventContract
from .inbox import ALL_NOTIFICATIONS_READ, NOTIFICATION_READ, AllNotificationsRead, NotificationRead
from .preferences import (
    PREFERENCES_CHANGED,
    TYPE_UNSUBSCRIBED,
    PreferencesChanged,
    TypeUnsubscribed,
)

__all__ = [
    "CONTRACTS",
    "AllNotificationsRead",
    "InboxEvent",
    "NotificationRead",
    "PreferenceEvent",
    "PreferencesChanged",
    "TypeUnsubscribed",
]

CONTRACTS: tuple[EventContract, ...] = (
    PREFERENCES_CHANGED,
    TYPE_UNSUBSCRIBED,
    NOTIFICATION_READ,
    ALL_NOTIFICATIONS_READ,
)

PreferenceEvent = PreferencesChanged | TypeUnsubscribed
InboxEvent = NotificationRead | AllNotificationsRead
