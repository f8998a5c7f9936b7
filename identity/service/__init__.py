"""The `identity` Nameko service: residents, credentials, home addresses and their proof.

Thin doors over IdentityHandlers (commands) and the read model (queries), reached over RPC by
the gateway and the ops command line. Every command takes the caller's `command_id` (a UUID:
retrying with the same one appends nothing twice) and answers a dict holding `position`; a
query given `after=<position>` answers once the read model has applied it (read-your-writes).
Ids are UUID strings, times ISO 8601 strings in UTC. A caller's worker context data
`correlation_id` (a UUID: the gateway's request id) becomes the correlation id of the events
its commands append (wiring.Handlers); without one, the command id is.

Refusals are raised as the platform's ServiceError (services/runtime/doors.py; identity's codes
in service/errors.py): `code` is stable, `message` holds no personal data. A caller that has not
imported services.runtime sees nameko's RemoteError(exc_type="ServiceError", value="<code>: ...").
The doors are in service/doors.py (the account), service/emails.py (its links by e-mail),
service/addresses.py, service/proofs.py
(proof documents, letters' retention), service/queries.py and service/orphans.py (the
orphan-claim timer).
"""

from __future__ import annotations

from nameko.dependency_providers import Config

from identity.service import addresses, doors, emails, orphans, proofs, queries
from identity.service.wiring import QUERIED, Handlers, IdentityReads, subscribers
from services.runtime.health import Readiness, health
from services.runtime.read_models import ReadModels
from services.runtime.wiring import with_doors

__all__ = ["IdentityService"]


# Imported as a module: `nameko run identity.service` would otherwise find a second service.
class IdentityService:
    """The service: its dependencies, and the doors of DOORS (nothing inherited)."""

    name = "identity"

    handlers = Handlers()
    read = ReadModels(subscribers, queried=QUERIED, handle=IdentityReads)
    config = Config()
    readiness = Readiness()


# One table of doors: a new door is added to its module's DOORS, nothing else changes here.
DOORS = (
    *doors.DOORS,
    *addresses.DOORS,
    *proofs.DOORS,
    *queries.DOORS,
    *orphans.DOORS,
    *emails.DOORS,
    health,
)
with_doors(IdentityService, DOORS)
