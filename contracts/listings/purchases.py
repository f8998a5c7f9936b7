"""Listings contracts of a group purchase's pledges (category group_purchase), on the stream
`listings.purchase-<listing_id>`: one stream per purchase, whose expected version serialises
the pledges, so that the purchase is confirmed (or lapses) exactly once. Declared in
contracts.listings.

A pledge is a member's quantity; `total` is the purchase's pledged total after the event. The
purchase is confirmed by the pledge that brings the total to the minimum before the deadline,
in the same append; at the deadline without the minimum it lapses. Both name every pledger, who
are told. Quantities are not personal data: a member's pledge is shown to the organiser.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from marshmallow import fields, validate

from ..fields import contract_of, count
from .categories import MAX_QUANTITY

OPEN = "open"
CONFIRMED = "confirmed"
LAPSED = "lapsed"
STATES = (OPEN, CONFIRMED, LAPSED)
"""A purchase's state, as the listing shows it."""


@dataclass(frozen=True)
class PledgeMade:
    listing_id: uuid.UUID
    organiser_id: uuid.UUID
    member_id: uuid.UUID
    quantity: int
    total: int
    pledged_at: datetime


@dataclass(frozen=True)
class PledgeChanged:
    """The member's pledge is now `quantity` (not a difference)."""

    listing_id: uuid.UUID
    organiser_id: uuid.UUID
    member_id: uuid.UUID
    quantity: int
    total: int
    pledged_at: datetime


@dataclass(frozen=True)
class PledgeWithdrawn:
    listing_id: uuid.UUID
    organiser_id: uuid.UUID
    member_id: uuid.UUID
    total: int
    withdrawn_at: datetime


@dataclass(frozen=True)
class PurchaseConfirmed:
    """The pledged total reached the minimum before the deadline: the purchase goes ahead."""

    listing_id: uuid.UUID
    organiser_id: uuid.UUID
    total: int
    pledger_ids: tuple[uuid.UUID, ...]
    confirmed_at: datetime


@dataclass(frozen=True)
class PurchaseLapsed:
    """The deadline passed without the minimum: nobody owes anything."""

    listing_id: uuid.UUID
    organiser_id: uuid.UUID
    total: int
    pledger_ids: tuple[uuid.UUID, ...]
    lapsed_at: datetime


_QUANTITY = validate.Range(1, MAX_QUANTITY)
_TOTAL = validate.Range(min=0)


def _pledgers() -> fields.List[Any]:
    return fields.List(fields.UUID(), required=True)


PLEDGE_MADE = contract_of("listings", PledgeMade, quantity=count(_QUANTITY), total=count(_TOTAL))
PLEDGE_CHANGED = contract_of(
    "listings", PledgeChanged, quantity=count(_QUANTITY), total=count(_TOTAL)
)
PLEDGE_WITHDRAWN = contract_of("listings", PledgeWithdrawn, total=count(_TOTAL))
PURCHASE_CONFIRMED = contract_of(
    "listings", PurchaseConfirmed, total=count(_TOTAL), pledger_ids=_pledgers()
)
PURCHASE_LAPSED = contract_of(
    "listings", PurchaseLapsed, total=count(_TOTAL), pledger_ids=_pledgers()
)

PurchaseEvent = PledgeMade | PledgeChanged | PledgeWithdrawn | PurchaseConfirmed | PurchaseLapsed
"""Every event of a purchase's stream."""
