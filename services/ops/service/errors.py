"""What the ops service answers when it refuses: the platform's ServiceError (services/runtime/
doors.py), coded as contracts/ops/refusals.py declares. The readings' own failures (a stream
the log does not hold, a moment that is neither a position nor a time) are raised by
services/ops/audit_reading.py as plain LookupError and ValueError, which the command line
prints; here they become refusals."""

from __future__ import annotations

from typing import Any

from contracts.ops import refusals
from contracts.refusals import Refusal
from services.runtime.doors import Door, ServiceError, done

__all__ = ["DOOR", "ServiceError", "done", "door", "invalid", "not_an_operator", "rpc_door", "uid"]


class Refused(Exception):
    """A reading refused for a reason declared in contracts/ops/refusals.py."""

    def __init__(self, refusal: Refusal, message: str) -> None:
        super().__init__(message)
        self.refusal = refusal


def not_an_operator() -> Refused:
    return Refused(refusals.NOT_AN_OPERATOR, "only an operator may do this")


def _own(exc: Exception) -> ServiceError | None:
    if isinstance(exc, Refused):
        return ServiceError(exc.refusal.code, str(exc))
    return None


DOOR = Door("ops", _own, failed="the ops service failed")
rpc_door: Any = DOOR.rpc
door = DOOR.wrap
invalid = DOOR.invalid
uid = DOOR.uid
text = DOOR.text
maybe = DOOR.maybe
