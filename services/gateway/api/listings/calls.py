"""How the listings routes call the listings service, and what a client is told when it refuses.

A refusal becomes the API's error as contracts/listings/refusals.py declares it (status, client
code, field, text). Two of them carry more: a posting limit says when it resets
(`details.resets_at`, and Retry-After), and details that do not fit their category name each
field that is wrong (`details.<name>`), as the gateway's own check of a new listing does.
"""

from __future__ import annotations

from typing import Any

from services.gateway.api.reading import reading
from services.gateway.api.service_api import ServiceApi
from services.gateway.http.errors import ApiError
from services.gateway.http.refusals import api_error, explained
from services.gateway.remote import Refusal

LISTINGS = "listings"
LISTING = "/listings/<uuid:listing_id>"
# What a client may read of a refusal's details.
DETAILS = ("resets_at", "retry_after_seconds", "start", "end", "seats_left")

__all__ = ["API", "LISTING", "LISTINGS", "reading", "refused", "texts"]


def refused(refusal: Refusal) -> ApiError:
    """The client's error for a refusal of the listings service."""
    code, details = refusal.code, refusal.details
    error = api_error(code, details, {})
    text = explained(code, details, error.message)
    error.message = text
    wrong = details.get("fields")
    if isinstance(wrong, dict) and wrong:
        error.fields = {str(name): [str(m) for m in _listed(said)] for name, said in wrong.items()}
    elif error.fields:
        error.fields = {name: [text] for name in error.fields}
    shown = {k: details[k] for k in DETAILS if k in details}
    if shown:
        error.details = {**(error.details or {}), **shown}
    return error


def _listed(said: Any) -> list[Any]:
    return said if isinstance(said, list) else [said]


def texts(query: dict[str, Any]) -> dict[str, Any]:
    """A query's values as the service takes them (ids as text)."""
    return {k: (v if isinstance(v, str | int) else str(v)) for k, v in query.items()}


API = ServiceApi(LISTINGS, refused)
