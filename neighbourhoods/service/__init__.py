"""The `neighbourhoods` Nameko service: neighbourhoods, their boundaries, members and roles.

Thin doors over NeighbourhoodHandlers (commands) and the read models (queries), reached over RPC
by the gateway. Every command takes the caller's `command_id` (a UUID: retrying with the same one
appends nothing twice) and answers a dict holding `position`; a query given `after=<position>`
answers once the read models have applied it (read-your-writes). A command that needs identity's
facts (a verified home, members' homes) accepts `after` too: a position from identity (the log
is one) makes it wait until this service has heard of, say, a verification just made. Ids are
UUID strings, times ISO 8601 strings in UTC. The resident acting is named by the caller (the
gateway, from the session): `founder_id`, `moderator_id`, `actor_id`, `resident_id`.

Refusals are raised as the platform's ServiceError (services/runtime/doors.py; this service's
codes in service/errors.py). A caller that has not imported services.runtime sees nameko's
RemoteError(exc_type="ServiceError", value="<code>: ...").
The withdrawal policy (policies.py) runs inside this service, with its read models. The
boundary's doors (redrawing, operators' decisions on proposals) are in service/boundary.py.
"""

from __future__ import annotations

from neighbourhoods.service import boundary, doors, queries, reservations, wiring
from services.runtime.health import Readiness, health
from services.runtime.read_models import ReadModels
from services.runtime.wiring import Handlers, with_doors

__all__ = ["NeighbourhoodsService"]


class NeighbourhoodsService:
    """The service: its dependencies, and the doors of DOORS (nothing inherited)."""

    name = "neighbourhoods"

    handlers = Handlers(wiring.handlers)
    read = ReadModels(wiring.subscribers, queried=wiring.QUERIED)
    readiness = Readiness()


# One table of doors: a new door is added to its module's DOORS, nothing else changes here.
DOORS = (
    *doors.DOORS,
    *boundary.DOORS,
    *queries.DOORS,
    reservations.release_stale_reservations,
    health,
)
with_doors(NeighbourhoodsService, DOORS)
