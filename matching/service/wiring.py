"""Matching's composition root for Nameko: the handlers over the platform's event store and
the proposals policy with its index, built from the container's config when the service starts
(nothing at import). What matching knows of listings and residents it learns from their events
only; the codec opens them with the residents' keys (the platform's keyring).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from nameko.extensions import DependencyProvider

from matching.commands import Settings
from matching.handlers import MatchingHandlers
from matching.policies import proposals
from services.runtime.codecs import codec
from services.runtime.platform import Platform
from services.runtime.read_models import ReadModelsHandle
from services.runtime.tunables import whole

QUERIED = (proposals.NAME,)


def settings(config: Any) -> Settings:
    """QUARTIER_MATCHES_PER_DAY (new proposals per listing and day, default 5) and
    QUARTIER_MATCH_MINIMUM_SCORE (out of 100, default 35)."""
    default = Settings()
    return Settings(
        proposals_per_day=whole(config, "QUARTIER_MATCHES_PER_DAY", default.proposals_per_day),
        minimum_score=whole(config, "QUARTIER_MATCH_MINIMUM_SCORE", default.minimum_score),
    )


def handlers(platform: Platform) -> MatchingHandlers:
    return MatchingHandlers(
        platform.store(),
        codec(platform),
        lambda: datetime.now(UTC),
        settings(platform.container.config),
    )


class Handlers(DependencyProvider):
    """MatchingHandlers over this deployment's event store."""

    platform = Platform()

    def setup(self) -> None:
        self.handlers = handlers(self.platform)

    def get_dependency(self, worker_ctx: Any) -> MatchingHandlers:
        return self.handlers


def subscribers(platform: Platform) -> tuple[Any, ...]:
    return (proposals.proposals(codec(platform), handlers(platform)),)


class MatchingReads(ReadModelsHandle):
    @property
    def proposals(self) -> Any:
        return self.tables(proposals.NAME)
