"""What the identity service answers when it refuses: IdentityRpcError(code, message, details).

`code` is stable, for the gateway to map (to an HTTP status, a translated text); `message` is
English for logs and holds ids and counts only, never a personal value; `details` carries the
numbers a client may show (retry_after_seconds, attempts_left). Domain refusals get the snake
case of their rule's name (EmailTaken -> email_taken); the others:

    invalid_request   the call's arguments have the wrong shape
    not_found         no such resident (queries)
    not_allowed       the actor may not do this
    not_caught_up     the read model did not reach `after` in time: retry the query
    conflict          concurrent changes kept colliding: retry the command (same command_id)
    unavailable       a store, database or file area is unreachable: retry later
    internal          anything else; logged with its type and place, never its text

The door itself (argument checks, logging, the answers every service shares) is the platform's:
services/runtime/doors.py. What is identity's own is here: its codes and its translations.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from typing import Any, TypeVar, cast

from nameko.exceptions import deserialize_to_instance

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
from services.runtime.doors import Door, NotCaughtUpError, ServiceError, code_of, done

__all__ = [
    "IdentityRpcError",
    "NotCaughtUp",
    "checked_actor",
    "done",
    "door",
    "invalid",
    "maybe",
    "rpc_door",
    "text",
    "translated",
    "uid",
]

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


# nameko names an error on the wire by its module path and class name, and callers (the gateway,
# the ops command line) decode refusals by that name: it is part of the RPC answers, so it stays
# what it was when these classes lived in identity/service_errors.py.
# nameko reads that path from the module it finds in sys.modules under the class's __module__.
WIRE_MODULE = "identity.service_errors"
sys.modules.setdefault(WIRE_MODULE, types.ModuleType(WIRE_MODULE))

E = TypeVar("E", bound=type)


def _on_the_wire(name: str) -> Callable[[E], E]:
    def named(cls: E) -> E:
        cls.__module__, cls.__name__, cls.__qualname__ = WIRE_MODULE, name, name
        return cast(E, deserialize_to_instance(cls))

    return named


@_on_the_wire("IdentityError")
class IdentityRpcError(ServiceError):
    """The service's answer when it refuses or fails (the domain's refusals are IdentityError)."""


@_on_the_wire("NotCaughtUp")
class NotCaughtUp(IdentityRpcError, NotCaughtUpError):
    pass


def _own(exc: Exception) -> IdentityRpcError | None:
    """Identity's answer for one of its own failures; the door answers the platform's."""
    if isinstance(exc, IdentityError):
        return DOOR.refused(exc, DETAILS, CODES)
    if isinstance(exc, DocumentErased):
        return DOOR.erased()
    if isinstance(exc, DocumentNotFound):
        return IdentityRpcError(UNKNOWN_DOCUMENT.code, "no such document")
    if isinstance(exc, ProofStoreUnavailable | LimiterUnavailable | GeocoderError | LetterError):
        return DOOR.unavailable(AREAS.get(type(exc).__name__, "storage"))
    if isinstance(exc, DocumentError) and isinstance(exc, ValueError):
        return IdentityRpcError(code_of(type(exc)), str(exc))
    return None


DOOR = Door("identity", IdentityRpcError, _own, failed="the identity service failed; see its log")
rpc_door: Any = DOOR.rpc
door = DOOR.wrap
translated = DOOR.translated
invalid = DOOR.invalid
uid = DOOR.uid
text = DOOR.text
maybe = DOOR.maybe


def checked_actor(value: Any) -> str:
    who = text(value, "actor", 80)
    kind, _, rest = who.partition(":")
    if kind == "resident":
        uid(rest, "actor")
    elif kind != "system" or not rest:
        raise invalid("actor must be 'resident:<uuid>' or 'system:<name>'")
    return who
