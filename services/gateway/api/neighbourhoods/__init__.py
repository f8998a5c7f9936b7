"""neighbourhoods' API: neighbourhoods, their members and moderators, boundary proposals."""

from services.gateway.api.neighbourhoods import members, moderators, ops, routes
from services.gateway.http.routing import table

ROUTES = table(routes, members, moderators, ops)
