"""Read marks of a resident's inbox: stream `notifications.inbox-<resident_id>`.

The notifications themselves are no events: the inbox read model derives them from the events
they tell of, so a rebuild finds them again; only what the resident did with them is recorded.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from ..fields import contract_of


@dataclass(frozen=True)
class NotificationRead:
    """The resident opened or marked one notification read."""

    resident_id: uuid.UUID
    notification_id: uuid.UUID
    read_at: datetime


@dataclass(frozen=True)
class AllNotificationsRead:
    """The resident marked read every notification of events recorded up to `up_to`."""

    resident_id: uuid.UUID
    up_to: datetime
    read_at: datetime


NOTIFICATION_READ = contract_of("notifications", NotificationRead, "resident_id")
ALL_NOTIFICATIONS_READ = contract_of("notifications", AllNotificationsRead, "resident_id")
