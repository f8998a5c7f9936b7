"""How the notifications routes call the notifications service, and what a client is told when
it refuses (as contracts/notifications/refusals.py declares it)."""

from __future__ import annotations

from services.gateway.api.service_api import ServiceApi
from services.gateway.http.errors import ApiError
from services.gateway.http.refusals import api_error, explained
from services.gateway.remote import Refusal

NOTIFICATIONS = "notifications"


def refused(refusal: Refusal) -> ApiError:
    error = api_error(refusal.code, refusal.details, {})
    error.message = explained(refusal.code, refusal.details, error.message)
    return error


API = ServiceApi(NOTIFICATIONS, refused)
