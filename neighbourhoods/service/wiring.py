"""Neighbourhoods' composition root for Nameko: the handlers over the platform's event store, the
read models and the withdrawal policy kept caught up, built from the container's config when the
service starts (nothing at import).

The codec opens identity's events with the residents' keys (the platform's keyring): what this
context knows of residents it learns from those events only.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from neighbourhoods.commands import Settings
from neighbourhoods.handlers import NeighbourhoodHandlers
from neighbourhoods.policies import reservations as policies_reservations
from neighbourhoods.policies import withdrawals as policies
from neighbourhoods.projections import neighbourhoods as projections
from neighbourhoods.projections import residents as projections_residents
from services.runtime.codecs import codec
from services.runtime.platform import Platform
from services.runtime.tunables import seconds, whole
from services.runtime.wiring import built

# The read models queries read, by the name they read them; the policies are never waited for.
QUERIED = {"places": projections.NAME, "residents": projections_residents.NAME}


def settings(config: Any) -> Settings:
    """The rules' numbers: QUARTIER_NEIGHBOURHOOD_MEMBERS_TO_OPEN (verified members a forming
    neighbourhood needs to open, default 10), QUARTIER_NEIGHBOURHOODS_PER_RESIDENT (3),
    QUARTIER_STALE_RESERVATION_SECONDS (300) and QUARTIER_BOUNDARY_ATTEMPTS_PER_DAY (attempts to
    redraw one neighbourhood's boundary, 5)."""
    default = Settings()
    attempts = default.boundary_attempts
    return Settings(
        members_to_open=whole(
            config, "QUARTIER_NEIGHBOURHOOD_MEMBERS_TO_OPEN", default.members_to_open
        ),
        max_neighbourhoods=whole(
            config, "QUARTIER_NEIGHBOURHOODS_PER_RESIDENT", default.max_neighbourhoods
        ),
        boundary=default.boundary,
        stale_reservation=_seconds(
            config, "QUARTIER_STALE_RESERVATION_SECONDS", default.stale_reservation
        ),
        boundary_attempts=replace(
            attempts,
            limit=whole(config, "QUARTIER_BOUNDARY_ATTEMPTS_PER_DAY", attempts.limit),
        ),
    )


def _seconds(config: Any, name: str, default: timedelta) -> timedelta:
    return timedelta(seconds=seconds(config, name, default.total_seconds()))


handlers = built(NeighbourhoodHandlers, settings)


def subscribers(platform: Platform) -> tuple[Any, ...]:
    """The read models (the neighbourhoods' own, and residents as identity's events tell them)
    and the policies: they need the keyring and the handlers, which only the container's config
    names."""
    opened = codec(platform)
    return (
        projections.read_model(opened),
        projections_residents.residents(opened),
        policies.withdrawals(opened, handlers(platform)),
        policies_reservations.stale_reservations(opened),
    )
