"""What the identity service answers when it refuses: IdentityError(code, message, details).

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
"""

from __future__ import annotations

import functools
import inspect
import json
import logging
import re
import traceback
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from nameko.exceptions import deserialize_to_instance
from nameko.rpc import rpc

from contracts.errors import SubjectErased
from services.eventstore import EventStoreError, WrongExpectedVersion
from services.eventstore.keyring import KeyringError

from .documents import DocumentErased, DocumentError, DocumentNotFound, ProofStoreUnavailable
from .domain_errors import DocumentNotUnderReview, NotAllowedToSeeDocument
from .domain_errors import IdentityError as Refusal
from .geocoder import GeocoderError
from .letters import LetterError
from .ratelimit import LimiterUnavailable

log = logging.getLogger("quartier.identity")
F = TypeVar("F", bound=Callable[..., Any])
DETAILS = ("retry_after_seconds", "attempts_left", "distance_m")
# Refusals answered with one of the service's own codes rather than their rule's name.
CODES: dict[type[Exception], str] = {
    NotAllowedToSeeDocument: "not_allowed",
    DocumentNotUnderReview: "not_found",
}


@deserialize_to_instance
class IdentityError(Exception):
    def __init__(
        self, code: str, message: str, details: dict[str, Any] | str | None = None
    ) -> None:
        parsed: dict[str, Any] = json.loads(details) if isinstance(details, str) else details or {}
        self.code = code
        self.message = message
        self.details = parsed
        # nameko turns every non-string argument into a string on the way: JSON keeps numbers.
        super().__init__(code, message, json.dumps(self.details))

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


@deserialize_to_instance
class NotCaughtUp(IdentityError):
    @classmethod
    def at(cls, position: str, seconds: float) -> NotCaughtUp:
        return cls(
            "not_caught_up",
            f"the read model did not reach position {position} within {seconds:g} s; retry",
            {"after": position},
        )


rpc_door = rpc(expected_exceptions=IdentityError)  # refusals are answers, not failures to log


def invalid(message: str) -> IdentityError:
    return IdentityError("invalid_request", message)


def code_of(rule: type[BaseException]) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", rule.__name__).lower()


def translated(exc: Exception) -> IdentityError | None:
    """Our answer for a known failure; None for an unexpected one."""
    if isinstance(exc, IdentityError):
        return exc
    if isinstance(exc, Refusal):
        details = {k: getattr(exc, k) for k in DETAILS if getattr(exc, k, None) is not None}
        return IdentityError(CODES.get(type(exc)) or code_of(type(exc)), str(exc), details)
    if isinstance(exc, SubjectErased | DocumentErased):
        return IdentityError("account_erased", "this account was erased")
    if isinstance(exc, DocumentNotFound):
        return IdentityError("unknown_document", "no such document")
    if isinstance(exc, WrongExpectedVersion):
        return IdentityError("conflict", "concurrent changes: retry with the same command_id")
    if isinstance(exc, ProofStoreUnavailable | LimiterUnavailable | GeocoderError | LetterError):
        return IdentityError("unavailable", f"{_area(exc)} is unavailable: retry later")
    if isinstance(exc, DocumentError) and isinstance(exc, ValueError):
        return IdentityError(code_of(type(exc)), str(exc))
    if isinstance(exc, EventStoreError | KeyringError):
        return IdentityError("unavailable", f"{_area(exc)} is unavailable: retry later")
    return None


def _area(exc: Exception) -> str:
    return {
        "ProofStoreUnavailable": "the proof document store",
        "LimiterUnavailable": "the sign-in limiter",
        "GeocoderUnavailable": "the address base",
        "LetterBoxUnavailable": "the letter outbox",
    }.get(type(exc).__name__, "the event store" if isinstance(exc, EventStoreError) else "storage")


def door(method: F) -> F:
    """Check the call's arguments, and turn whatever goes wrong into an IdentityError.

    Unexpected errors are logged by type and place only: their text may quote personal data
    (a database error quotes the row it refused)."""
    signature = inspect.signature(method)

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            signature.bind(self, *args, **kwargs)
        except TypeError:
            raise invalid(f"{method.__name__}: wrong arguments") from None
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:
            answer = translated(exc)
            if answer is None:
                place = " < ".join(
                    f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}"
                    for f in reversed(traceback.extract_tb(exc.__traceback__)[-4:])
                )
                log.error(
                    "identity.%s failed: %s at %s", method.__name__, type(exc).__name__, place
                )
                answer = IdentityError("internal", "the identity service failed; see its log")
            elif answer.code == "unavailable":
                log.warning("identity.%s: %s", method.__name__, answer.message)
            raise answer from None

    return wrapper  # type: ignore[return-value]


# Shape checks of the arguments, before any command is built.


def uid(value: Any, name: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise invalid(f"{name} must be a UUID") from None


def text(value: Any, name: str, longest: int = 1000) -> str:
    if not isinstance(value, str) or len(value) > longest:
        raise invalid(f"{name} must be a string of at most {longest} characters")
    return value


def maybe(value: Any, name: str, longest: int = 1000) -> str | None:
    return None if value is None else text(value, name, longest)


def checked_actor(value: Any) -> str:
    who = text(value, "actor", 80)
    kind, _, rest = who.partition(":")
    if kind == "resident":
        uid(rest, "actor")
    elif kind != "system" or not rest:
        raise invalid("actor must be 'resident:<uuid>' or 'system:<name>'")
    return who


def done(position: str | None, **ids: Any) -> dict[str, Any]:
    return {**{k: str(v) for k, v in ids.items()}, "position": position}
