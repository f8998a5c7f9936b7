"""matching's API: the matches suggested to me, accepted or declined."""

from services.gateway.api.matching import matches
from services.gateway.http.routing import table

ROUTES = table(matches)
