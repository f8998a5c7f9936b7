"""The RPC door every service puts before its methods: its arguments checked, and whatever goes
wrong answered as the platform's one error, `ServiceError(code, message, details)`.

ServiceError is the only error class on the wire: registered here with nameko's
`deserialize_to_instance`, it is decoded by its one path (services.runtime.doors.ServiceError)
whatever the context that raised it, and the gateway reads its `code` in the refusal catalogue
(contracts.refusals.catalogue()). A new context adds no class and no registration. Each service
builds one Door with its name and the translation of its own failures; the door adds what every
service answers alike:

    invalid_request   the call's arguments have the wrong shape
    account_erased    the data subject was erased (their key is gone)
    conflict          concurrent changes kept colliding: retry the command (same command_id)
    not_caught_up     a read model did not reach the position a query waits for: retry
    unavailable       the event store or the keyring is unreachable: retry later
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
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any, Self, TypeVar

from nameko.exceptions import deserialize_to_instance

from contracts.errors import SubjectErased
from services.eventstore import EventStoreError, WrongExpectedVersion
from services.eventstore.keyring import KeyringError

from .rpc import rpc

F = TypeVar("F", bound=Callable[..., Any])

# A page of a query's answer: how many items unless the caller asks otherwise, and the most.
LIMIT = 20
MAX_LIMIT = 100


class ServiceError(Exception):
    """A service's refusal: `code` is stable, for the gateway to map (to an HTTP status, a
    translated text); `message` is English for logs and never holds a personal value; `details`
    carries the numbers a client may show."""

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

    @classmethod
    def not_caught_up(cls, position: str, seconds: float) -> Self:
        """A read model did not reach the position a query waits for in time."""
        return cls(
            "not_caught_up",
            f"the read model did not reach position {position} within {seconds:g} s; retry",
            {"after": position},
        )


# Every process that imports the platform decodes a service's answer into this class.
deserialize_to_instance(ServiceError)


def code_of(rule: type[BaseException]) -> str:
    """The code of the refusal a rule names (contracts/<context>/refusals.py); for a rule that
    names none yet, the snake case of its name: EmailTaken -> email_taken."""
    refusal = getattr(rule, "refusal", None)
    code = getattr(refusal, "code", None)
    if isinstance(code, str):
        return code
    return re.sub(r"(?<!^)(?=[A-Z])", "_", rule.__name__).lower()


def done(position: str | None, **ids: Any) -> dict[str, Any]:
    """A command's answer: the ids it names, as text, and the position of its last event."""
    return {**{k: str(v) for k, v in ids.items()}, "position": position}


def _as_given(value: Any) -> Any:
    return value


def _place(exc: BaseException) -> str:
    # File names and lines only: the innermost frames say where, without any value.
    return " < ".join(
        f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}"
        for f in reversed(traceback.extract_tb(exc.__traceback__)[-4:])
    )


class Door:
    """One service's door. `own` translates the service's own failures (its domain refusals, its
    adapters' errors) into a ServiceError, and returns None for any other; `failed` is the
    message of the `internal` answer."""

    error = ServiceError

    def __init__(
        self,
        service: str,
        own: Callable[[Exception], ServiceError | None],
        failed: str,
    ) -> None:
        self.service = service
        self._own = own
        self._failed = failed
        self._log = logging.getLogger(f"quartier.{service}")
        # Refusals are answers, not failures for nameko to log.
        self.rpc: Any = rpc(expected_exceptions=ServiceError)

    def wrap(self, method: F) -> F:
        """Check the call's arguments against `method`'s signature, and turn whatever goes wrong
        into the service's error.

        Unexpected errors are logged by type and place only: their text may quote personal data
        (a database error quotes the row it refused)."""
        signature = inspect.signature(method)

        @functools.wraps(method)
        def wrapper(this: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                signature.bind(this, *args, **kwargs)
            except TypeError:
                raise self.invalid(f"{method.__name__}: wrong arguments") from None
            try:
                return method(this, *args, **kwargs)
            except Exception as exc:
                answer = self.translated(exc)
                if answer is None:
                    self._log.error(
                        "%s.%s failed: %s at %s",
                        self.service,
                        method.__name__,
                        type(exc).__name__,
                        _place(exc),
                    )
                    answer = self.error("internal", self._failed)
                elif answer.code == "unavailable":
                    self._log.warning("%s.%s: %s", self.service, method.__name__, answer.message)
                raise answer from None

        return wrapper  # type: ignore[return-value]

    def translated(self, exc: Exception) -> ServiceError | None:
        """The service's answer for a known failure; None for an unexpected one."""
        if isinstance(exc, self.error):
            return exc
        own = self._own(exc)
        if own is not None:
            return own
        if isinstance(exc, SubjectErased):
            return self.erased()
        if isinstance(exc, WrongExpectedVersion):
            return self.error("conflict", "concurrent changes: retry with the same command_id")
        if isinstance(exc, EventStoreError):
            return self.unavailable("the event store")
        if isinstance(exc, KeyringError):
            return self.unavailable("storage")
        return None

    # Answers a service's own translation builds on

    def refused(
        self,
        refusal: Exception,
        details: Iterable[str] = (),
        codes: Mapping[type[Exception], str] | None = None,
        shown: Callable[[Any], Any] = _as_given,
    ) -> ServiceError:
        """A domain refusal: coded by its rule's name unless `codes` names it otherwise, with
        those of its attributes named in `details` that it holds (as `shown` renders them)."""
        held = [k for k in details if getattr(refusal, k, None) is not None]
        found = {k: shown(getattr(refusal, k)) for k in held}
        code = (codes or {}).get(type(refusal)) or code_of(type(refusal))
        return self.error(code, str(refusal), found)

    def erased(self) -> ServiceError:
        return self.error("account_erased", "this account was erased")

    def unavailable(self, area: str) -> ServiceError:
        return self.error("unavailable", f"{area} is unavailable: retry later")

    def invalid(self, message: str) -> ServiceError:
        return self.error("invalid_request", message)

    # Shape checks of the arguments, before any command is built

    def uid(self, value: Any, name: str) -> uuid.UUID:
        try:
            return uuid.UUID(str(value))
        except ValueError:
            raise self.invalid(f"{name} must be a UUID") from None

    def maybe_uid(self, value: Any, name: str) -> uuid.UUID | None:
        return None if value is None else self.uid(value, name)

    def text(self, value: Any, name: str, longest: int = 1000) -> str:
        if not isinstance(value, str) or len(value) > longest:
            raise self.invalid(f"{name} must be a string of at most {longest} characters")
        return value

    def moment(self, value: Any, name: str) -> datetime:
        """An ISO 8601 time with its offset."""
        if not isinstance(value, str) or len(value) > 64:
            raise self.invalid(f"{name} must be an ISO 8601 time")
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise self.invalid(f"{name} must be an ISO 8601 time") from None
        if moment.tzinfo is None:
            raise self.invalid(f"{name} must say its offset")
        return moment

    def maybe(self, value: Any, name: str, longest: int = 1000) -> str | None:
        return None if value is None else self.text(value, name, longest)

    def limit(self, value: Any) -> int:
        """A page's size: a whole number from 1 to MAX_LIMIT (True is no number)."""
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_LIMIT:
            raise self.invalid(f"limit must be a whole number from 1 to {MAX_LIMIT}")
        return value
