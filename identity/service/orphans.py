"""The identity service's timer that releases e-mail claims left by a sign-up that stopped
halfway (policies.py). Attached to IdentityService by its DOORS (service/__init__.py)."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from identity import policies
from identity.handlers.orphans import ORPHAN_GRACE
from identity.service.errors import DOOR
from services.runtime.sweeps import sweep
from services.runtime.timers import configured_timer
from services.runtime.tunables import seconds

log = logging.getLogger("quartier.identity")
SWEEP_SETTING = "QUARTIER_ORPHAN_CLAIM_SWEEP_SECONDS"
SWEEP_SECONDS = 60.0
GRACE_SETTING = "QUARTIER_ORPHAN_CLAIM_GRACE_SECONDS"


def grace(config: Any) -> timedelta:
    """How long a claim waits for its resident: GRACE_SETTING, else ORPHAN_GRACE."""
    return timedelta(seconds=seconds(config, GRACE_SETTING, ORPHAN_GRACE.total_seconds()))


@configured_timer(SWEEP_SETTING, default=SWEEP_SECONDS)
def release_orphan_claims(service: Any) -> None:
    """Every replica runs it: each release's command id comes from its claim."""

    def release() -> Any:
        with service.read.engine.connect() as conn:
            claims = policies.pending(conn, service.read.tables(policies.NAME))
        return service.handlers.release_orphan_claims(claims, grace(service.config))

    sweep(
        log, DOOR.translated, "orphan e-mail claims", release, "orphan e-mail claims: %d released"
    )


DOORS = (release_orphan_claims,)
