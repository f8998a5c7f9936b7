"""matching's API: the matches suggested to me, accepted or declined, and connections with their
messages, thanks and blocks."""

from services.gateway.api.matching import connections, matches
from services.gateway.http.routing import table

ROUTES = table(matches, connections)
