"""What the notifications service answers when it refuses: the platform's ServiceError, with
the code of the rule's refusal (contracts/notifications/refusals.py). The one file that
translates this context's own failures for the wire."""

from __future__ import annotations

from notifications.domain.errors import NotificationsRefusal
from services.runtime.doors import Door, ServiceError

__all__ = ["DOOR", "ServiceError"]


def _own(exc: Exception) -> ServiceError | None:
    if isinstance(exc, NotificationsRefusal):
        return DOOR.refused(exc)
    return None


DOOR = Door("notifications", _own, failed="the notifications service failed")
