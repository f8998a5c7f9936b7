"""Refusals: why a well-formed command or request is turned down, each declared once.

A context declares its refusals in contracts/<context>/refusals.py:

    EMAIL_TAKEN = conflict("email_taken", "An account already uses this e-mail address.",
                           field="email")
    REFUSALS = gathered(globals())

(missing, forbidden, conflict, invalid and too_long are the shapes most refusals take; a
`Refusal(...)` says any other) and everything else reads that one declaration: the domain error
that names the rule (`EmailTaken = rule(IdentityError, EMAIL_TAKEN)`, or a subclass of the
context's base naming `refusal = EMAIL_TAKEN` when it carries values), the service's RPC door
(its code),
the gateway (status, field, client code, English text), the OpenAPI document (the error responses
of each route that can answer it) and the web client (whose French and English texts, keyed by
`code`, are checked against the catalogue). `limits` holds the numbers a rule is about (a length,
a count, a radius); the message may name them (only them) as `{placeholders}`, so a number is
said once. Values that vary per refusal (attempts left, a distance) travel as `details`, named in
`details` and used by `explained`, the message that says them.

Every context's catalogue is found through contracts/contexts.py.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, ClassVar, TypeVar

from .contexts import CONTEXTS
from .errors import DeclarationError


@dataclass(frozen=True)
class Refusal:
    """One rule's refusal. `code` is stable: services raise it, clients and translations key on
    it. `details` names the values a client may show beside the text (attempts_left, ...);
    `client_code` is answered instead of `code` where clients share one (rate_limited)."""

    code: str
    status: int
    message: str
    field: str | None = None
    details: tuple[str, ...] = ()
    limits: Mapping[str, int | float] = dataclasses.field(
        default_factory=lambda: MappingProxyType({})
    )
    client_code: str | None = None
    explained: str | None = None  # the message with the refusal's details, when they came

    @property
    def answered_code(self) -> str:
        return self.client_code or self.code

    def text(self, details: Mapping[str, Any] | None = None) -> str:
        """The English text: `explained` when every detail it names came, else `message`; the
        placeholders are filled from the limits and the details."""
        values = {**self.limits, **(details or {})}
        if self.explained is not None:
            try:
                return self.explained.format(**values)
            except (KeyError, IndexError, TypeError, ValueError):
                pass
        return self.message.format(**self.limits)


class Refusals(Mapping[str, Refusal]):
    """A catalogue of refusals by code; declaring one code twice is an error."""

    def __init__(self, refusals: Iterable[Refusal]) -> None:
        by_code: dict[str, Refusal] = {}
        for refusal in refusals:
            if refusal.code in by_code and by_code[refusal.code] != refusal:
                raise DeclarationError(f"refusal {refusal.code!r} is declared twice")
            by_code[refusal.code] = refusal
        self._by_code = by_code

    def __getitem__(self, code: str) -> Refusal:
        return self._by_code[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_code)

    def __len__(self) -> int:
        return len(self._by_code)

    def __or__(self, other: Mapping[str, Refusal]) -> Refusals:
        return Refusals([*self.values(), *other.values()])


def declare(*refusals: Refusal) -> Refusals:
    for refusal in refusals:
        if not refusal.code.isidentifier() or refusal.code != refusal.code.lower():
            raise DeclarationError(f"refusal code {refusal.code!r} is not snake_case")
        if not 400 <= refusal.status < 500:
            raise DeclarationError(f"refusal {refusal.code!r} has status {refusal.status}")
        try:
            refusal.message.format(**refusal.limits)
        except (KeyError, IndexError) as exc:
            raise DeclarationError(f"refusal {refusal.code!r} names an unknown limit") from exc
    return Refusals(refusals)


def gathered(namespace: Mapping[str, object]) -> Refusals:
    """The catalogue of a contracts module: every refusal it declares or names, in its order, so
    that a context lists no name twice (`REFUSALS = gathered(globals())`)."""
    return declare(*(value for value in namespace.values() if isinstance(value, Refusal)))


# The shapes most refusals take, so that each is declared on one line.


def missing(code: str, message: str) -> Refusal:
    """No such thing, or one the asker may not see: answered as the shared `not_found`."""
    return Refusal(code, 404, message, client_code="not_found")


def forbidden(code: str, message: str, **options: Any) -> Refusal:
    return Refusal(code, 403, message, **options)


def conflict(code: str, message: str, **options: Any) -> Refusal:
    return Refusal(code, 409, message, **options)


def invalid(code: str, field: str | None, message: str, **options: Any) -> Refusal:
    return Refusal(code, 422, message, field=field, **options)


def too_long(code: str, field: str, message: str, max_length: int) -> Refusal:
    """A text longer than `max_length` (the message may say `{max_length}`)."""
    return invalid(code, field, message, limits={"max_length": max_length})


class Refused(Exception):
    """A command refused by a rule; `refusal` is the rule's declaration. Each context derives its
    own base, and one error per rule from it with `rule`."""

    refusal: ClassVar[Refusal]


R = TypeVar("R", bound=Refused)


def rule(base: type[R], refusal: Refusal, doc: str | None = None) -> type[R]:
    """The error of a rule that needs no values of its own: a subclass of `base` named after the
    refusal's code (email_taken -> EmailTaken) and naming it."""
    return _made(base, refusal, doc, {})


def retry_later(base: type[R], refusal: Refusal, too_many: str, doc: str | None = None) -> type[R]:
    """The error of a rule that holds for a while, made as `rule` makes one: raised with the
    whole seconds until a new try may pass (`retry_after_seconds`, one of the refusal's
    details), which its message says after `too_many`."""

    def __init__(self: Any, retry_after_seconds: int) -> None:
        base.__init__(self, f"{too_many}: try again in {retry_after_seconds} s")
        self.retry_after_seconds = retry_after_seconds

    return _made(base, refusal, doc, {"__init__": __init__})


def _made(base: type[R], refusal: Refusal, doc: str | None, members: dict[str, Any]) -> type[R]:
    name = "".join(word.capitalize() for word in refusal.code.split("_"))
    own = {"refusal": refusal, "__doc__": doc, "__module__": base.__module__}
    return type(name, (base,), {**own, **members})


# Answered by every service's door (services/runtime/doors.py), whatever the context.
CONFLICT = Refusal("conflict", 409, "Someone else changed this at the same time; try again.")
NOT_ALLOWED = Refusal("not_allowed", 403, "You may not do this.", client_code="forbidden")
COMMON = declare(CONFLICT, NOT_ALLOWED)

# Said by more than one context (a removal, a dismissal, a document's rejection): one code is one
# refusal, declared here and listed by each context that raises it.
REASON_REQUIRED = Refusal(
    "reason_required", 422, "Say why: the member will read it.", field="reason"
)
# The platform's operators only: boundary proposals (neighbourhoods), the ops pages (ops).
NOT_AN_OPERATOR = Refusal(
    "not_an_operator", 403, "Only an operator may do this.", client_code="forbidden"
)


def catalogue() -> Refusals:
    """Every context's refusals, for the gateway, OpenAPI and the web client's checks."""
    merged = COMMON
    for context in CONTEXTS:
        module = importlib.import_module(f"contracts.{context}.refusals")
        merged = merged | module.REFUSALS
    return merged


__all__ = [
    "COMMON",
    "CONFLICT",
    "NOT_ALLOWED",
    "NOT_AN_OPERATOR",
    "REASON_REQUIRED",
    "Refusal",
    "Refusals",
    "Refused",
    "catalogue",
    "conflict",
    "declare",
    "forbidden",
    "gathered",
    "invalid",
    "missing",
    "retry_later",
    "rule",
    "too_long",
]
