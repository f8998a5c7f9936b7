"""The API about the API: its OpenAPI document."""

from services.gateway.api.meta import document
from services.gateway.http.routing import table

ROUTES = table(document)
