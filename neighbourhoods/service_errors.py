"""What the neighbourhoods service answers when it refuses: NeighbourhoodsError(code, message,
details), as identity's IdentityError.

`code` is stable, for the gateway to map (to an HTTP status, a translated text); `message` is
English for logs and holds counts and limits only, never a personal value nor a member's id;
`details` carries what a client may show. Domain refusals get the snake case of their rule's
name (HomeOutsideBoundary -> home_outside_boundary); the others:

    invalid_request   the call's arguments have the wrong shape
    not_found         no such neighbourhood
    not_a_member      the viewer is not a member of this neighbourhood (members list, log)
    not_verified      the resident has no verified home (also a domain refusal)
    not_caught_up     the read model did not reach `after` in time: retry the call
    conflict          concurrent changes kept colliding: retry the command (same command_id)
    unavailable       the event store or the database is unreachable: retry later
    internal          anything else; logged with its type and place, never its text
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import inspect
import json
import logging
import math
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

from .domain_errors import BoundaryExcludesMembers, MemberHomesUnknown, UnknownNeighbourhood
from .domain_errors import NeighbourhoodsError as Refusal

log = logging.getLogger("quartier.neighbourhoods")
F = TypeVar("F", bound=Callable[..., Any])
DETAILS = ("distance_m", "limit", "area_km2", "minimum_km2", "maximum_km2", "reason")
CODES: dict[type[Exception], str] = {
    UnknownNeighbourhood: "not_found",
    MemberHomesUnknown: "not_caught_up",
}


@deserialize_to_instance
class NeighbourhoodsError(Exception):
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
class NotCaughtUp(NeighbourhoodsError):
    @classmethod
    def at(cls, position: str, seconds: float) -> NotCaughtUp:
        return cls(
            "not_caught_up",
            f"the read model did not reach position {position} within {seconds:g} s; retry",
            {"after": position},
        )


rpc_door = rpc(expected_exceptions=NeighbourhoodsError)  # refusals are answers, not failures


def invalid(message: str) -> NeighbourhoodsError:
    return NeighbourhoodsError("invalid_request", message)


def code_of(rule: type[BaseException]) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", rule.__name__).lower()


def pseudonym(key: bytes, caller: uuid.UUID, neighbourhood_id: uuid.UUID, member: uuid.UUID) -> str:
    """A member's stand-in for one caller about one neighbourhood: stable across attempts (the
    caller sees whether redrawing changed who is left out) but telling them nothing of who it
    is, nor matching what another caller is shown."""
    message = f"{caller}|{neighbourhood_id}|{member}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:16]


def excluded(
    exc: BoundaryExcludesMembers, key: bytes, caller: uuid.UUID, neighbourhood_id: uuid.UUID
) -> NeighbourhoodsError:
    """The refusal of a boundary leaving members' homes outside, their ids pseudonymised: whose
    home lies where is no one else's business, not even a moderator's."""
    affected = sorted(pseudonym(key, caller, neighbourhood_id, m) for m in exc.affected)
    return NeighbourhoodsError(
        "boundary_excludes_members", str(exc), {"affected": affected, "count": len(affected)}
    )


def translated(exc: Exception) -> NeighbourhoodsError | None:
    """Our answer for a known failure; None for an unexpected one."""
    if isinstance(exc, NeighbourhoodsError):
        return exc
    if isinstance(exc, Refusal):
        details = {k: _shown(getattr(exc, k)) for k in DETAILS if getattr(exc, k, None) is not None}
        return NeighbourhoodsError(CODES.get(type(exc)) or code_of(type(exc)), str(exc), details)
    if isinstance(exc, SubjectErased):
        return NeighbourhoodsError("account_erased", "this account was erased")
    if isinstance(exc, WrongExpectedVersion):
        return NeighbourhoodsError("conflict", "concurrent changes: retry with the same command_id")
    if isinstance(exc, EventStoreError | KeyringError):
        return NeighbourhoodsError("unavailable", "the event store is unavailable: retry later")
    return None


def _shown(value: Any) -> Any:
    if isinstance(value, float) and math.isfinite(value):
        return round(value, 4)
    return value


def door(method: F) -> F:
    """Check the call's arguments, and turn whatever goes wrong into a NeighbourhoodsError.

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
                    "neighbourhoods.%s failed: %s at %s", method.__name__, type(exc).__name__, place
                )
                answer = NeighbourhoodsError("internal", "the neighbourhoods service failed")
            elif answer.code == "unavailable":
                log.warning("neighbourhoods.%s: %s", method.__name__, answer.message)
            raise answer from None

    return wrapper  # type: ignore[return-value]


# Shape checks of the arguments, before any command is built.


def uid(value: Any, name: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise invalid(f"{name} must be a UUID") from None


def maybe_uid(value: Any, name: str) -> uuid.UUID | None:
    return None if value is None else uid(value, name)


def text(value: Any, name: str, longest: int = 1000) -> str:
    if not isinstance(value, str) or len(value) > longest:
        raise invalid(f"{name} must be a string of at most {longest} characters")
    return value


def maybe(value: Any, name: str, longest: int = 1000) -> str | None:
    return None if value is None else text(value, name, longest)


def degrees(value: Any, name: str, limit: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise invalid(f"{name} must be a number")
    try:
        number = float(value)
    except ValueError:
        raise invalid(f"{name} must be a number") from None
    if not math.isfinite(number) or abs(number) > limit:
        raise invalid(f"{name} must be within [-{limit:g}, {limit:g}]")
    return number


def geojson(value: Any, name: str = "boundary") -> Any:
    """A boundary as received: a dict, or its JSON text (a query string's form). Its content is
    the domain's to judge."""
    if isinstance(value, str):
        if len(value) > 1_000_000:
            raise invalid(f"{name} is too large")
        try:
            value = json.loads(value)
        except ValueError:
            raise invalid(f"{name} must be GeoJSON") from None
    if not isinstance(value, dict):
        raise invalid(f"{name} must be a GeoJSON object")
    return value


def done(position: str | None, **ids: Any) -> dict[str, Any]:
    return {**{k: str(v) for k, v in ids.items()}, "position": position}
