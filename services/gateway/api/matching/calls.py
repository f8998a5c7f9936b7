"""How the matching routes call the matching service, and what a client is told when it refuses:
the refusal as contracts/matching/refusals.py declares it (status, client code, text); a message
sent too often also says when the next may go (`details.retry_after_seconds`, and Retry-After)."""

from __future__ import annotations

from services.gateway.api.reading import reading
from services.gateway.api.service_api import ServiceApi
from services.gateway.http.errors import ApiError
from services.gateway.http.refusals import api_error, explained
from services.gateway.remote import Refusal

MATCHING = "matching"
MATCH = "/matches/<uuid:match_id>"
# What a client may read of a refusal's details.
DETAILS = ("retry_after_seconds",)

__all__ = ["API", "MATCH", "reading", "refused"]


def refused(refusal: Refusal) -> ApiError:
    """The client's error for a refusal of the matching service."""
    code, details = refusal.code, refusal.details
    error = api_error(code, details, {})
    error.message = explained(code, details, error.message)
    said = {k: details[k] for k in DETAILS if k in details}
    if said:
        error.details = {**(error.details or {}), **said}
    return error


API = ServiceApi(MATCHING, refused)
