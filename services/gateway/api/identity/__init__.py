"""identity's API: accounts and sessions, the home address and its verification."""

from services.gateway.api.identity import accounts, addresses
from services.gateway.http.routing import table

ROUTES = table(accounts, addresses)
