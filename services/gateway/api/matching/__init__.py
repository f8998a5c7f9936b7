"""matching's API: matches, and connections with their messages, thanks and blocks."""

from services.gateway.api.matching import connections
from services.gateway.http.routing import table

ROUTES = table(connections)
