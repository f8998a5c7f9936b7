"""What the matching service answers when it refuses: the platform's ServiceError(code,
message, details) (services/runtime/doors.py). `code` is the refusal's
(contracts/matching/refusals.py); the platform's answers (invalid_request, not_caught_up,
conflict, unavailable, internal) come from the door. The one file that translates matching's
own failures for the wire.
"""

from __future__ import annotations

from typing import Any

from matching.domain.errors import MatchingRefusal
from services.runtime.doors import Door, ServiceError

__all__ = ["DOOR", "ServiceError", "door", "rpc_door"]


def _own(exc: Exception) -> ServiceError | None:
    if isinstance(exc, MatchingRefusal):
        return DOOR.refused(exc, ())
    return None


DOOR = Door("matching", _own, failed="the matching service failed")
rpc_door: Any = DOOR.rpc
door = DOOR.wrap
