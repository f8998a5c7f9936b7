"""ops' API: the operators' pages (platform status, audit of the log, proofs of address)."""

from services.gateway.api.ops import audit, proofs
from services.gateway.http.routing import table

ROUTES = table(audit, proofs)
