"""The `matching` Nameko service: matches between offers and requests, and connections with
their messages, thanks and blocks.

Thin doors over MatchingHandlers (commands) and the read models (queries), reached over RPC by
the gateway. Every command takes the caller's `command_id` (a UUID: retrying with the same one
appends nothing twice) and answers a dict holding `position`; a query given `after=<position>`
answers once the read models have applied it (read-your-writes). The resident acting is named by
the caller (the gateway, from the session). Refusals are raised as the platform's ServiceError
(service/errors.py). The proposals policy (policies/proposals.py) with its index and the
connecting policy (policies/connecting.py) run inside this service with its read models.
"""

from __future__ import annotations

from matching.service import connections, doors, queries, wiring
from matching.service.errors import ServiceError
from services.runtime.health import Readiness, health
from services.runtime.read_models import ReadModels
from services.runtime.wiring import Handlers, with_doors

__all__ = ["MatchingService", "ServiceError"]


class MatchingService:
    """The service: its dependencies, and the doors of DOORS (nothing inherited)."""

    name = "matching"

    handlers = Handlers(wiring.handlers)
    read = ReadModels(wiring.subscribers, queried=wiring.QUERIED)
    readiness = Readiness()


# One table of doors: a new door is added to its module's DOORS, nothing else changes here.
DOORS = (*doors.DOORS, *queries.DOORS, *connections.DOORS, health)
with_doors(MatchingService, DOORS)
