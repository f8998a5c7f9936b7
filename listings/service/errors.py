"""What the listings service answers when it refuses: ListingsError(code, message, details), as
every service's door answers (services/runtime/doors.py).

`code` is the refusal's (contracts/listings/refusals.py); `message` is English for logs and holds
counts, limits and times only; `details` carries what a client may show: the fields of details
that do not fit their category (`fields`), when a posting limit resets (`resets_at`,
`retry_after_seconds`), why a photo could not be read (`reason`). The platform's answers
(invalid_request, not_caught_up, conflict, unavailable, internal) come from the door.

This is the one file that names the wire's error classes of listings: when the platform
declares one error class for every service, only this file changes.
"""

from __future__ import annotations

import sys
import types
from datetime import datetime
from typing import Any

from nameko.exceptions import deserialize_to_instance

from listings.adapters.storage import PhotoStorageUnavailable
from listings.domain.errors import ListingsRefusal
from listings.projections.pages import InvalidPage
from services.runtime.doors import Door, NotCaughtUpError, ServiceError

__all__ = ["DOOR", "ListingsError", "NotCaughtUp", "door", "rpc_door", "translated"]

DETAILS = ("fields", "resets_at", "retry_after_seconds", "reason")

# The path nameko names these classes by on the wire, and callers (the gateway's remote.py
# REFUSAL_PATHS) decode refusals by.
WIRE_MODULE = "listings.service_errors"


class ListingsError(ServiceError):
    """The listings service's answer when it refuses: `code`, `message`, `details`."""


class NotCaughtUp(ListingsError, NotCaughtUpError):
    pass


# nameko names a class after the module that sys.modules holds under the class's __module__.
_wire = sys.modules.setdefault(WIRE_MODULE, types.ModuleType(WIRE_MODULE))
for _answer in (ListingsError, NotCaughtUp):
    _answer.__module__ = WIRE_MODULE
    setattr(_wire, _answer.__name__, _answer)
    deserialize_to_instance(_answer)


def _own(exc: Exception) -> ListingsError | None:
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


DOOR = Door("listings", ListingsError, _own, failed="the listings service failed")
rpc_door: Any = DOOR.rpc
door = DOOR.wrap
translated = DOOR.translated
