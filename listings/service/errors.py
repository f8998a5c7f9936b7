"""What the listings service answers when it refuses: the platform's ServiceError(code, message,
details) (services/runtime/doors.py), the one error class on the wire.

`code` is the refusal's (contracts/listings/refusals.py); `message` is English for logs and holds
counts, limits and times only; `details` carries what a client may show: the fields of details
that do not fit their category (`fields`), when a posting limit resets (`resets_at`,
`retry_after_seconds`), why a photo could not be read (`reason`). The platform's answers
(invalid_request, not_caught_up, conflict, unavailable, internal) come from the door.

This is the one file that translates listings' own failures for the wire.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from listings.adapters.storage import PhotoStorageUnavailable
from listings.domain.errors import ListingsRefusal
from listings.projections.pages import InvalidPage
from services.runtime.doors import Door, ServiceError

__all__ = ["DOOR", "ServiceError"]

DETAILS = ("fields", "resets_at", "retry_after_seconds", "reason", "start", "end", "seats_left")


def _own(exc: Exception) -> ServiceError | None:
    """This service's answer for one of its own failures; the door answers the platform's."""
    if isinstance(exc, ListingsRefusal):
        return DOOR.refused(exc, DETAILS, shown=_shown)
    if isinstance(exc, InvalidPage):
        return DOOR.invalid(str(exc))
    if isinstance(exc, PhotoStorageUnavailable):
        return DOOR.unavailable("the photo storage")
    return None


def _shown(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): v for k, v in value.items()}
    return value


DOOR = Door("listings", _own, failed="the listings service failed")
