"""The notifications context's commands: what a resident does with their preferences and inbox.
Each carries its `command_id` (event ids derive from it) and `at`."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class ChangePreferences:
    """The whole choice; `types` holds {type: {in_app?, email?}} for the types it changes."""

    command_id: uuid.UUID
    resident_id: uuid.UUID
    types: dict[str, Any]
    email_frequency: str
    digest_hour: int
    quiet_start: str | None
    quiet_end: str | None
    time_zone: str
    at: datetime


@dataclass(frozen=True)
class Unsubscribe:
    """One-click unsubscribe from the e-mails of one type."""

    command_id: uuid.UUID
    resident_id: uuid.UUID
    type: str
    at: datetime


@dataclass(frozen=True)
class MarkRead:
    command_id: uuid.UUID
    resident_id: uuid.UUID
    notification_id: uuid.UUID
    at: datetime


@dataclass(frozen=True)
class MarkAllRead:
    command_id: uuid.UUID
    resident_id: uuid.UUID
    at: datetime


PreferenceCommand = ChangePreferences | Unsubscribe
InboxCommand = MarkRead | MarkAllRead
