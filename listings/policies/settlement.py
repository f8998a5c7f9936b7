"""Settlement: a group purchase whose deadline has come without its minimum lapses
(PurchaseLapsed), on the clock.

The service's timer asks the read model for the open purchases due now, a batch at a time, and
issues SettlePurchase for each as the system. The purchase's stream decides again: one confirmed
or lapsed meanwhile is left as it is, so a stale read model, a sweep run by two replicas at once
or a replayed tick changes nothing twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any, Protocol

BATCH = 200
_NAMESPACE = uuid.UUID("5b0f9a52-1c3e-4d7a-9e61-3f2a8c4d0b17")


class Settles(Protocol):
    def settle_purchase(self, command_id: uuid.UUID, listing_id: uuid.UUID) -> Any: ...


def command_id_for(listing_id: uuid.UUID, now: datetime) -> uuid.UUID:
    """One id per purchase and tick: a retried tick appends nothing twice."""
    return uuid.uuid5(_NAMESPACE, f"settle/{listing_id}/{now.isoformat()}")


def settle_due(exchanges: Settles, due: Iterable[uuid.UUID], now: datetime) -> list[uuid.UUID]:
    """Settle each purchase of `due`; the ids tried."""
    tried = []
    for listing_id in due:
        exchanges.settle_purchase(command_id_for(listing_id, now), listing_id)
        tried.append(listing_id)
    return tried
