"""Neighbourhoods' composition root for Nameko: the handlers over the platform's event store, the
read models and the withdrawal policy kept caught up, built from the container's config when the
service starts (nothing at import).

The codec opens identity's events with the residents' keys (the platform's keyring): what this
context knows of residents it learns from those events only.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from nameko.extensions import DependencyProvider

from neighbourhoods.commands import Settings
from neighbourhoods.handlers import NeighbourhoodHandlers
from neighbourhoods.policies import reservations as policies_reservations
from neighbourhoods.policies import withdrawals as policies
from neighbourhoods.projections import neighbourhoods as projections
from neighbourhoods.projections import residents as projections_residents
from services.runtime.codecs import codec
from services.runtime.platform import Platform
from services.runtime.read_models import ReadModelsHandle
from services.runtime.tunables import seconds, whole

# The policies are never waited for: a query never depends on them.
QUERIED = (projections.NAME, projections_residents.NAME)


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


def handlers(platform: Platform) -> NeighbourhoodHandlers:
    return NeighbourhoodHandlers(
        platform.store(),
        codec(platform),
        lambda: datetime.now(UTC),
        settings(platform.container.config),
    )


class Handlers(DependencyProvider):
    """NeighbourhoodHandlers over this deployment's event store."""

    platform = Platform()

    def setup(self) -> None:
        self.handlers = handlers(self.platform)

    def get_dependency(self, worker_ctx: Any) -> NeighbourhoodHandlers:
        return self.handlers


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


class NeighbourhoodsReads(ReadModelsHandle):
    """What neighbourhoods' queries see besides the engine: each read model's tables now."""

    @property
    def places(self) -> Any:
        return self.tables(projections.NAME)

    @property
    def residents(self) -> Any:
        return self.tables(projections_residents.NAME)
