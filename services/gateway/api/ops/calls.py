"""How the operators' routes call the ops service, and what a client is told when it refuses:
the API's error as contracts/ops/refusals.py declares it."""

from __future__ import annotations

from services.gateway.api.service_api import ServiceApi
from services.gateway.http.errors import ApiError
from services.gateway.http.refusals import api_error
from services.gateway.remote import Refusal

OPS = "ops"
TAG = "operators"
# A reading of the whole log (a resident's trail, a correlation) may take longer than a query.
SCAN_SECONDS = 30.0


def refused(refusal: Refusal) -> ApiError:
    return api_error(refusal.code, refusal.details, {})


API = ServiceApi(OPS, refused)
