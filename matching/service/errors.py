"""What the matching service answers when it refuses: the platform's ServiceError(code, message,
details) (services/runtime/doors.py), the one error class on the wire. `code` is the refusal's
(contracts/matching/refusals.py); `details` carries what a client may show (how long until
another message may be sent). The one file that translates matching's own failures for the wire.
"""

from __future__ import annotations

from matching.domain.errors import MatchingRefusal
from matching.projections.conversations import InvalidCursor
from services.runtime.doors import Door, ServiceError

__all__ = ["DOOR", "ServiceError"]

DETAILS = ("retry_after_seconds",)


def _own(exc: Exception) -> ServiceError | None:
    """This service's answer for one of its own failures; the door answers the platform's."""
    if isinstance(exc, MatchingRefusal):
        return DOOR.refused(exc, DETAILS)
    if isinstance(exc, InvalidCursor):
        return DOOR.invalid(str(exc))
    return None


DOOR = Door("matching", _own, failed="the matching service failed")
