"""The neighbourhoods service's timer that frees places held for a join that never arrived
(policies/reservations.py), one of NeighbourhoodsService's DOORS (service/__init__.py)."""

from __future__ import annotations

import logging
from typing import Any

from neighbourhoods.policies import reservations as policies_reservations
from neighbourhoods.service.errors import translated
from services.runtime.timers import configured_timer

log = logging.getLogger("quartier.neighbourhoods")
SWEEP_SETTING = "QUARTIER_STALE_RESERVATION_SWEEP_SECONDS"
SWEEP_SECONDS = 60.0


@configured_timer(SWEEP_SETTING, default=SWEEP_SECONDS)
def release_stale_reservations(service: Any) -> None:
    """Every replica runs it: each step's id comes from its resident and join."""
    try:
        tables = service.read.tables(policies_reservations.NAME)
        with service.read.engine.connect() as conn:
            residents = policies_reservations.waiting(conn, tables)
        freed = service.handlers.release_stale_reservations(residents)
    except Exception as exc:
        # Told by type only, as the doors do: a store error's text may quote a row.
        answer = translated(exc)
        log.warning(
            "stale reservations: %s; tried again at the next tick",
            answer.message if answer is not None else type(exc).__name__,
        )
        return
    if freed:
        log.info("stale reservations: places freed for %d residents", len(freed))
