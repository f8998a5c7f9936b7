"""What the identity service answers when it refuses: the platform's ServiceError(code, message,
details) (services/runtime/doors.py), the one error class on the wire.

`code` is stable, for the gateway to map (to an HTTP status, a translated text); `message` is
English for logs and holds ids and counts only, never a personal value; `details` carries the
numbers a client may show (retry_after_seconds, attempts_left). Domain refusals answer their
refusal's code (contracts/identity/refusals.py); the others:

    invalid_request   the call's arguments have the wrong shape
    not_found         no such resident (queries)
    not_caught_up     the read model did not reach `after` in time: retry the query
    conflict          concurrent changes kept colliding: retry the command (same command_id)
    unavailable       a store, database or file area is unreachable: retry later
    internal          anything else; logged with its type and place, never its text

The door itself (argument checks, logging, the answers every service shares) is the platform's.
What is identity's own is here: its codes and its translations.
"""

from __future__ import annotations

from typing import Any

from contracts.identity.refusals import UNKNOWN_DOCUMENT
from identity.adapters.documents import (
    DocumentErased,
    DocumentError,
    DocumentNotFound,
    ProofStoreUnavailable,
)
from identity.adapters.geocoder import GeocoderError
from identity.adapters.letters import LetterError
from identity.adapters.ratelimit import LimiterUnavailable
from identity.domain.errors import DocumentNotUnderReview, IdentityError
from services.runtime.doors import Door, ServiceError, code_of, done

__all__ = ["DOOR", "ServiceError", "checked_actor", "done"]

DETAILS = ("retry_after_seconds", "attempts_left", "distance_m")
# Refusals answered with one of the service's own codes rather than their rule's name.
CODES: dict[type[Exception], str] = {
    DocumentNotUnderReview: "not_found",
}
AREAS = {
    "ProofStoreUnavailable": "the proof document store",
    "LimiterUnavailable": "the sign-in limiter",
    "GeocoderUnavailable": "the address base",
    "LetterBoxUnavailable": "the letter outbox",
}


def _own(exc: Exception) -> ServiceError | None:
    """Identity's answer for one of its own failures; the door answers the platform's."""
    if isinstance(exc, IdentityError):
        return DOOR.refused(exc, DETAILS, CODES)
    if isinstance(exc, DocumentErased):
        return DOOR.erased()
    if isinstance(exc, DocumentNotFound):
        return ServiceError(UNKNOWN_DOCUMENT.code, "no such document")
    if isinstance(exc, ProofStoreUnavailable | LimiterUnavailable | GeocoderError | LetterError):
        return DOOR.unavailable(AREAS.get(type(exc).__name__, "storage"))
    if isinstance(exc, DocumentError) and isinstance(exc, ValueError):
        return ServiceError(code_of(type(exc)), str(exc))
    return None


DOOR = Door("identity", _own, failed="the identity service failed; see its log")


def checked_actor(value: Any) -> str:
    who = DOOR.text(value, "actor", 80)
    kind, _, rest = who.partition(":")
    if kind == "resident":
        DOOR.uid(rest, "actor")
    elif kind != "system" or not rest:
        raise DOOR.invalid("actor must be 'resident:<uuid>' or 'system:<name>'")
    return who
