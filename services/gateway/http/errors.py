"""Every error the gateway answers, in one shape:
{"error": {"code", "message", "fields"?, "details"?}}.

`code` is stable (clients and translations key on it); `message` is plain English meant for a
person, and never holds a stack trace, an exception's name, an internal service's name or a
personal value. `details`, when present, holds the numbers a client may show in its own words:
attempts_left, distance_m, limit, area_km2, retry_after_seconds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


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


def malformed_json() -> ApiError:
    return ApiError(400, "malformed_json", "The request body is not valid JSON.")


def json_too_deep(limit: int) -> ApiError:
    return ApiError(400, "json_too_deep", f"The JSON body nests deeper than {limit} levels.")


def validation_failed(fields: Mapping[str, list[str]]) -> ApiError:
    return ApiError(422, "validation_failed", "Some fields are not valid.", fields)


def unauthenticated() -> ApiError:
    return ApiError(
        401,
        "unauthenticated",
        "Sign in first: this needs a valid session.",
        headers={"WWW-Authenticate": 'Bearer realm="quartier"'},
    )


def forbidden(message: str = "You may not do this.") -> ApiError:
    return ApiError(403, "forbidden", message)


def csrf_failed() -> ApiError:
    return ApiError(
        403, "csrf_failed", "The X-CSRF-Token header is missing or does not match the session."
    )


def not_found(message: str = "Nothing here.") -> ApiError:
    return ApiError(404, "not_found", message)


def method_not_allowed(allowed: list[str]) -> ApiError:
    return ApiError(
        405,
        "method_not_allowed",
        "This method is not allowed here.",
        headers={"Allow": ", ".join(allowed)},
    )


def payload_too_large(limit: int) -> ApiError:
    return ApiError(
        413, "payload_too_large", f"The request body is larger than {limit // 1024} KiB."
    )


def unsupported_media_type(expected: str) -> ApiError:
    return ApiError(415, "unsupported_media_type", f"Send the request body as {expected}.")


def rate_limited(retry_after: int) -> ApiError:
    return ApiError(
        429,
        "rate_limited",
        f"Too many requests: try again in {retry_after} s.",
        headers={"Retry-After": str(retry_after)},
    )


def unavailable(capability: str, retry_after: int = 5) -> ApiError:
    return ApiError(
        503,
        "unavailable",
        f"{capability[:1].upper()}{capability[1:]} are unavailable right now; try again soon.",
        headers={"Retry-After": str(retry_after)},
    )


def not_caught_up(retry_after: int = 1) -> ApiError:
    return ApiError(
        503,
        "not_caught_up",
        "Your last change is not visible yet; try again in a moment.",
        headers={"Retry-After": str(retry_after)},
    )


def internal() -> ApiError:
    return ApiError(500, "internal", "Something went wrong on our side; it has been logged.")
