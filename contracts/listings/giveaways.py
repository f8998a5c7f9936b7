"""Listings contract of a giveaway's recipient, on the listing's own stream: the first
responder of a "first come" giveaway, or the one its giver picks. The listing is then reserved
for them (no more responses) until the giver closes it as given. `connection_id` (derived from
the response, as a chosen responder's is) puts giver and recipient in touch. Declared in
contracts.listings.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from ..fields import contract_of, one_of
from .categories import ALLOCATIONS


@dataclass(frozen=True)
class RecipientChosen:
    listing_id: uuid.UUID
    giver_id: uuid.UUID
    response_id: uuid.UUID
    recipient_id: uuid.UUID
    allocation: str
    connection_id: uuid.UUID
    chosen_at: datetime


RECIPIENT_CHOSEN = contract_of("listings", RecipientChosen, allocation=one_of(ALLOCATIONS))
