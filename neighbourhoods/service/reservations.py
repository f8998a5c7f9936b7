"""The neighbourhoods service's timer that frees places held for a join that never arrived
(policies/reservations.py), one of NeighbourhoodsService's DOORS (service/__init__.py)."""

from __future__ import annotations

import logging
from typing import Any

from neighbourhoods.policies import reservations as policies_reservations
from neighbourhoods.service.errors import DOOR
from services.runtime.sweeps import sweep
from services.runtime.timers import configured_timer

log = logging.getLogger("quartier.neighbourhoods")
SWEEP_SETTING = "QUARTIER_STALE_RESERVATION_SWEEP_SECONDS"
SWEEP_SECONDS = 60.0


@configured_timer(SWEEP_SETTING, default=SWEEP_SECONDS)
def release_stale_reservations(service: Any) -> None:
    """Every replica runs it: each step's id comes from its resident and join."""

    def release() -> Any:
        tables = service.read.tables(policies_reservations.NAME)
        with service.read.engine.connect() as conn:
            residents = policies_reservations.waiting(conn, tables)
        return service.handlers.release_stale_reservations(residents)

    sweep(
        log,
        DOOR.translated,
        "stale reservations",
        release,
        "stale reservations: places freed for %d residents",
    )
