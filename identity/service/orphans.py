"""The identity service's timer that releases e-mail claims left by a sign-up that stopped
halfway (policies.py). Attached to IdentityService by its DOORS (service/__init__.py)."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from identity import policies
from identity.handlers.orphans import ORPHAN_GRACE
from identity.service.errors import translated
from services.runtime.timers import configured_timer

log = logging.getLogger("quartier.identity")
SWEEP_SETTING = "QUARTIER_ORPHAN_CLAIM_SWEEP_SECONDS"
SWEEP_SECONDS = 60.0
GRACE_SETTING = "QUARTIER_ORPHAN_CLAIM_GRACE_SECONDS"


def grace(config: Any) -> timedelta:
    """How long a claim waits for its resident: GRACE_SETTING, else ORPHAN_GRACE."""
    raw = config.get(GRACE_SETTING)
    if raw in (None, ""):
        return ORPHAN_GRACE
    try:
        seconds = float(raw)
    except (TypeError, ValueError):
        raise ValueError(f"{GRACE_SETTING} must be a number of seconds") from None
    if seconds <= 0:
        raise ValueError(f"{GRACE_SETTING} must be a number of seconds above 0")
    return timedelta(seconds=seconds)


@configured_timer(SWEEP_SETTING, default=SWEEP_SECONDS)
def release_orphan_claims(service: Any) -> None:
    """Every replica runs it: each release's command id comes from its claim."""
    try:
        with service.read.engine.connect() as conn:
            claims = policies.pending(conn, service.read.tables(policies.NAME))
        released = service.handlers.release_orphan_claims(claims, grace(service.config))
    except Exception as exc:
        # Told by type only, as the doors do: a store error's text may quote a row.
        answer = translated(exc)
        log.warning(
            "orphan e-mail claims: %s; tried again at the next tick",
            answer.message if answer is not None else type(exc).__name__,
        )
        return
    if released:
        log.info("orphan e-mail claims: %d released", len(released))


DOORS = (release_orphan_claims,)
