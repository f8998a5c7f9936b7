"""Expiry: an open listing whose time is up expires (ListingExpired), on the clock.

The service's timer asks the read model for the listings due now, a batch at a time, and
issues ExpireListing for each as the system. The domain decides again on the listing's stream:
one renewed, closed or expired meanwhile is left as it is, so a stale read model or a sweep run
by two replicas at once changes nothing twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any, Protocol

from listings.commands import ExpireListing
from listings.handlers import SYSTEM

# How many listings one tick expires at most: the next tick takes the rest.
BATCH = 200
_NAMESPACE = uuid.UUID("c2a4e0f3-7b61-4f3e-8d0a-92f5b6e1d7a4")


class RunsCommands(Protocol):
    def run(self, command: Any, actor: str) -> Any: ...


def command_id_for(listing_id: uuid.UUID, now: datetime) -> uuid.UUID:
    """One id per listing and tick: a retried tick appends nothing twice."""
    return uuid.uuid5(_NAMESPACE, f"expire/{listing_id}/{now.isoformat()}")


def expire_due(handlers: RunsCommands, due: Iterable[uuid.UUID], now: datetime) -> list[uuid.UUID]:
    """Expire each listing of `due` that is still due at `now`; the ids tried."""
    tried = []
    for listing_id in due:
        handlers.run(ExpireListing(command_id_for(listing_id, now), listing_id, now), SYSTEM)
        tried.append(listing_id)
    return tried
