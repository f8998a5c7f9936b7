"""The API about the API and this installation: its OpenAPI document, the refusal catalogue and
the web client's settings, and the probes of its health."""

from services.gateway.api.meta import config, document, health, refusals
from services.gateway.http.routing import table

ROUTES = table(document, refusals, config, health)
