"""Commands on a group purchase's pledges (stream listings.purchase-<listing_id>). The handler
reads the listing's own stream and hands its state in (`listing`: organiser, minimum quantity,
deadline in its details), with the neighbourhoods the member belongs to."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from listings.domain.listing import Listing


@dataclass(frozen=True)
class Pledge:
    """The member's pledge becomes `quantity` (made, or changed when they had one)."""

    command_id: uuid.UUID
    listing_id: uuid.UUID
    member_id: uuid.UUID
    quantity: int
    at: datetime
    member_of: frozenset[uuid.UUID]
    listing: Listing


@dataclass(frozen=True)
class WithdrawPledge:
    command_id: uuid.UUID
    listing_id: uuid.UUID
    member_id: uuid.UUID
    at: datetime
    listing: Listing


@dataclass(frozen=True)
class SettlePurchase:
    """Issued by the system on the clock: confirm a purchase whose total reaches its minimum
    (the organiser lowered it), or lapse one whose deadline passed without it; else nothing."""

    command_id: uuid.UUID
    listing_id: uuid.UUID
    at: datetime
    listing: Listing


PurchaseCommand = Pledge | WithdrawPledge | SettlePurchase
