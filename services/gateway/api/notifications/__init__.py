"""notifications' API: the inbox, its live stream, preferences and one-click unsubscribe."""

from services.gateway.api.notifications import inbox, preferences, stream, unsubscribe
from services.gateway.http.routing import table

ROUTES = table(inbox, stream, preferences, unsubscribe)
