"""The `ops` Nameko service: the operators' pages reach the log through it (the gateway talks
to services only). Thin doors (service/doors.py) over the readings the `quartier` command line
makes too (services/ops/audit_reading.py); who is an operator it learns from identity's events
in its own read model (services/ops/projections/operators.py). The resident acting is named by
the caller (the gateway, from the session).
"""

from __future__ import annotations

from nameko.dependency_providers import Config

from contracts.contexts import CONTEXTS
from services.ops.projections import operators
from services.ops.service import doors
from services.ops.service.errors import ServiceError
from services.ops.service.wiring import OpsReads, Reading, subscribers
from services.runtime.health import Readiness, health
from services.runtime.read_models import ReadModels
from services.runtime.wiring import with_doors

__all__ = ["OpsService", "ServiceError"]


class OpsService:
    name = "ops"

    config = Config()
    log = Reading()
    # The audit index reads every context's events: woken by each of them, not by the timer.
    read = ReadModels(subscribers, queried=(operators.NAME,), handle=OpsReads, contexts=CONTEXTS)
    readiness = Readiness()


with_doors(OpsService, (*doors.DOORS, health))
