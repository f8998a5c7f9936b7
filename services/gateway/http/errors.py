"""Every error the gateway answers, in one shape:
{"error": {"code", "message", "fields"?, "details"?}}.

`code` is stable (clients and translations key on it); `message` is plain English meant for a
person, and never holds a stack trace, an exception's name, an internal service's name or a
personal value. `details`, when present, holds the numbers a client may show in its own words:
attempts_left, distance_m, limit, area_km2, retry_after_seconds.

The gateway's own codes are declared once below (GATEWAY), with the same Refusal type as the
contexts' refusals (contracts/refusals.py), so that the web client's texts are checked against
both catalogues.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from contracts.refusals import Refusal, Refusals, declare


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        fields: Mapping[str, list[str]] | None = None,
        headers: Mapping[str, str] | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.message = message
        self.fields = dict(fields) if fields else None
        self.headers = dict(headers or {})
        self.details = dict(details) if details else None

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.fields:
            error["fields"] = self.fields
        if self.details:
            error["details"] = self.details
        return {"error": error}


MALFORMED_JSON = Refusal("malformed_json", 400, "The request body is not valid JSON.")
JSON_TOO_DEEP = Refusal(
    "json_too_deep",
    400,
    "The JSON body nests too deep.",
    details=("limit",),
    explained="The JSON body nests deeper than {limit} levels.",
)
UNAUTHENTICATED = Refusal("unauthenticated", 401, "Sign in first: this needs a valid session.")
FORBIDDEN = Refusal("forbidden", 403, "You may not do this.")
CSRF_FAILED = Refusal(
    "csrf_failed", 403, "The X-CSRF-Token header is missing or does not match the session."
)
MALFORMED_MULTIPART = Refusal("malformed_multipart", 400, "The multipart body is not valid.")
NOT_FOUND = Refusal("not_found", 404, "Nothing here.")
METHOD_NOT_ALLOWED = Refusal("method_not_allowed", 405, "This method is not allowed here.")
PAYLOAD_TOO_LARGE = Refusal(
    "payload_too_large",
    413,
    "The request body is too large.",
    details=("kib",),
    explained="The request body is larger than {kib} KiB.",
)
UNSUPPORTED_MEDIA_TYPE = Refusal(
    "unsupported_media_type",
    415,
    "Send the request body in another format.",
    details=("expected",),
    explained="Send the request body as {expected}.",
)
VALIDATION_FAILED = Refusal("validation_failed", 422, "Some fields are not valid.")
RATE_LIMITED = Refusal(
    "rate_limited",
    429,
    "Too many requests.",
    details=("seconds",),
    explained="Too many requests: try again in {seconds} s.",
)
# Not refusals of a request but failures on this side: the same shape, status 5xx.
INTERNAL = Refusal("internal", 500, "Something went wrong on our side; it has been logged.")
UNAVAILABLE = Refusal(
    "unavailable",
    503,
    "This is unavailable right now; try again soon.",
    details=("capability",),
    explained="{capability} are unavailable right now; try again soon.",
)
NOT_CAUGHT_UP = Refusal(
    "not_caught_up", 503, "Your last change is not visible yet; try again in a moment."
)
GATEWAY = declare(
    MALFORMED_JSON,
    JSON_TOO_DEEP,
    MALFORMED_MULTIPART,
    UNAUTHENTICATED,
    FORBIDDEN,
    CSRF_FAILED,
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    PAYLOAD_TOO_LARGE,
    UNSUPPORTED_MEDIA_TYPE,
    VALIDATION_FAILED,
    RATE_LIMITED,
) | Refusals([INTERNAL, UNAVAILABLE, NOT_CAUGHT_UP])


def answer(
    refusal: Refusal,
    message: str | None = None,
    fields: Mapping[str, list[str]] | None = None,
    headers: Mapping[str, str] | None = None,
    **details: Any,
) -> ApiError:
    """The error declared as `refusal`, its text filled with `details` (or `message`)."""
    said = message if message is not None else refusal.text(details)
    return ApiError(refusal.status, refusal.answered_code, said, fields, headers)


def malformed_json() -> ApiError:
    return answer(MALFORMED_JSON)


def json_too_deep(limit: int) -> ApiError:
    return answer(JSON_TOO_DEEP, limit=limit)


def validation_failed(fields: Mapping[str, list[str]]) -> ApiError:
    return answer(VALIDATION_FAILED, fields=fields)


def unauthenticated() -> ApiError:
    return answer(UNAUTHENTICATED, headers={"WWW-Authenticate": 'Bearer realm="quartier"'})


def csrf_failed() -> ApiError:
    return answer(CSRF_FAILED)


def not_found(message: str | None = None) -> ApiError:
    return answer(NOT_FOUND, message)


def method_not_allowed(allowed: list[str]) -> ApiError:
    return answer(METHOD_NOT_ALLOWED, headers={"Allow": ", ".join(allowed)})


def payload_too_large(limit: int) -> ApiError:
    return answer(PAYLOAD_TOO_LARGE, kib=limit // 1024)


def unsupported_media_type(expected: str) -> ApiError:
    return answer(UNSUPPORTED_MEDIA_TYPE, expected=expected)


def rate_limited(retry_after: int) -> ApiError:
    return answer(RATE_LIMITED, headers={"Retry-After": str(retry_after)}, seconds=retry_after)


def unavailable(capability: str, retry_after: int = 5) -> ApiError:
    return answer(
        UNAVAILABLE,
        headers={"Retry-After": str(retry_after)},
        capability=f"{capability[:1].upper()}{capability[1:]}",
    )


def not_caught_up(retry_after: int = 1) -> ApiError:
    return answer(NOT_CAUGHT_UP, headers={"Retry-After": str(retry_after)})


def internal() -> ApiError:
    return answer(INTERNAL)
