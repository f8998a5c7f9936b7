"""Matching's composition root for Nameko: the handlers over the platform's event store, the
proposals policy with its index, the connections' read models and the connecting policy, built
from the container's config when the service starts (nothing at import).

What matching knows of listings, residents and memberships it learns from their events only
(projections/index.py, projections/contacts.py); the codec opens them with the residents' keys
(the platform's keyring).
"""

from __future__ import annotations

from typing import Any

from matching.commands import Settings
from matching.handlers import MatchingHandlers
from matching.policies import connecting, proposals
from matching.projections import connections, contacts
from services.runtime.codecs import codec
from services.runtime.platform import Platform
from services.runtime.tunables import whole
from services.runtime.wiring import built

# The read models queries read, by the name they read them; the connecting policy is never
# waited for.
QUERIED = {"proposals": proposals.NAME, "contacts": contacts.NAME, "connections": connections.NAME}


def settings(config: Any) -> Settings:
    """QUARTIER_MATCHES_PER_DAY (new proposals per listing and day, default 5) and
    QUARTIER_MATCH_MINIMUM_SCORE (out of 100, default 35)."""
    default = Settings()
    return Settings(
        proposals_per_day=whole(config, "QUARTIER_MATCHES_PER_DAY", default.proposals_per_day),
        minimum_score=whole(config, "QUARTIER_MATCH_MINIMUM_SCORE", default.minimum_score),
    )


handlers = built(MatchingHandlers, settings)


def subscribers(platform: Platform) -> tuple[Any, ...]:
    """The proposals policy with its index, the connections' read models and the connecting
    policy."""
    opened = codec(platform)
    return (
        proposals.proposals(opened, handlers(platform)),
        contacts.contacts(opened),
        connections.read_model(opened),
        connecting.connecting(opened, handlers(platform)),
    )
