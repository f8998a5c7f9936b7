"""identity's API: accounts and sessions, the home address and its verification, the
account's e-mails."""

from services.gateway.api.identity import accounts, addresses, emails
from services.gateway.http.routing import table

ROUTES = table(accounts, addresses, emails)
