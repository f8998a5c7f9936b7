"""The API about the API: its OpenAPI document and the refusal catalogue."""

from services.gateway.api.meta import document, refusals
from services.gateway.http.routing import table

ROUTES = table(document, refusals)
