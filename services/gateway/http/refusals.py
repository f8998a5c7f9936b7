"""A service's refusal -> the client's error: HTTP status, client code, text and (where the
refusal is about one field of the request) that field, all as contracts/<context>/refusals.py
declares them (contracts.refusals.catalogue()).

The services' messages are written for logs; a client gets the declared English text, keyed by
the same stable code, with the numbers a person may need (attempts left, seconds to wait). A
code the catalogue does not know is still a refusal of a well-formed request: 422 with the code
passed on.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from contracts.refusals import Refusal, catalogue
from services.gateway.http.errors import ApiError, internal, not_found, validation_failed

CATALOGUE = catalogue()
UNKNOWN = "This request was refused."
# Retry-After when a 429 refusal did not say how long to wait.
DEFAULT_WAIT_SECONDS = 60


def declared(code: str) -> Refusal:
    """The declaration of `code`, or a plain 422 for a code no context declares."""
    return CATALOGUE.get(code) or Refusal(code, 422, UNKNOWN)


def api_error(code: str, details: Mapping[str, Any], fields: Mapping[str, str]) -> ApiError:
    """The client's answer to a refusal `code`; `fields` renames the field a refusal is about
    where the route calls it otherwise (PUT /me/password: password -> new)."""
    if code == "not_found":
        return not_found("No such resident.")
    if code == "invalid_request":
        return validation_failed({"_request": ["The request is not valid."]})
    if code == "internal":
        return internal()
    refusal = declared(code)
    message = refusal.text()
    headers: dict[str, str] = {}
    attempts = details.get("attempts_left")
    if isinstance(attempts, int):
        message = f"{message} {attempts} attempt(s) left."
    wait = details.get("retry_after_seconds")
    if refusal.status == 429:
        seconds = wait if isinstance(wait, int) and wait > 0 else DEFAULT_WAIT_SECONDS
        headers["Retry-After"] = str(seconds)
        message = f"{message} Try again in {seconds} s."
    field = fields.get(refusal.field or "", refusal.field)
    return ApiError(
        refusal.status,
        refusal.answered_code,
        message,
        {field: [message]} if field else None,
        headers,
        {"attempts_left": attempts} if isinstance(attempts, int) else None,
    )


def explained(code: str, details: Mapping[str, Any], default: str) -> str:
    """The refusal's text with the numbers its details bring, or `default` when they did not
    come (or came as something else than numbers and words)."""
    refusal = CATALOGUE.get(code)
    if refusal is None or refusal.explained is None:
        return default
    said = {k: v for k, v in details.items() if not isinstance(v, bool)}
    text = refusal.text(said)
    return default if text == refusal.text() else text


__all__ = ["CATALOGUE", "api_error", "declared", "explained"]
