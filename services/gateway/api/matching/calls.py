"""How the matching routes call the matching service; a refusal becomes the API's error as
contracts/matching/refusals.py declares it (status, client code, text)."""

from __future__ import annotations

from services.gateway.api.service_api import ServiceApi
from services.gateway.http.errors import ApiError
from services.gateway.http.refusals import api_error, explained
from services.gateway.remote import Refusal

MATCH = "/matches/<uuid:match_id>"

__all__ = ["API", "MATCH", "refused"]


def refused(refusal: Refusal) -> ApiError:
    """The client's error for a refusal of the matching service."""
    error = api_error(refusal.code, refusal.details, {})
    error.message = explained(refusal.code, refusal.details, error.message)
    return error


API = ServiceApi("matching", refused)
