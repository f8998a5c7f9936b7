"""The API about the API and this installation: its OpenAPI document, the refusal catalogue, the
contracts' vocabulary and the web client's settings, and the probes of its health."""

from services.gateway.api.meta import config, document, health, refusals, vocabulary
from services.gateway.http.routing import table

ROUTES = table(document, refusals, vocabulary, config, health)
