"""A group purchase's pledges, rebuilt from its stream `listings.purchase-<listing_id>`: each
member's quantity, the total, and whether the purchase is open, confirmed or lapsed. What the
listing says (organiser, minimum quantity, deadline) comes in the command.

Confirmed exactly once: the pledge that brings the total to the minimum appends
PurchaseConfirmed in the same append, decided on the state read and appended under its version;
a concurrent pledge then decides again on a state that is confirmed already. Lapsed exactly
once, by the clock's SettlePurchase, on the same stream.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import reduce
from types import MappingProxyType

from contracts.listings.purchases import (
    CONFIRMED,
    LAPSED,
    OPEN,
    PledgeChanged,
    PledgeMade,
    PledgeWithdrawn,
    PurchaseConfirmed,
    PurchaseEvent,
    PurchaseLapsed,
)
from listings.commands.purchases import Pledge, PurchaseCommand, SettlePurchase, WithdrawPledge
from listings.domain import errors, exchange_errors
from listings.domain.listing import Listing
from listings.domain.visibility import can_see

GROUP_PURCHASE = "group_purchase"
MAX_PLEDGED = int(exchange_errors.InvalidQuantity.refusal.limits["max_quantity"])


def purchase_stream(listing_id: uuid.UUID) -> str:
    return f"listings.purchase-{listing_id}"


@dataclass(frozen=True)
class Purchase:
    """`pledges`: member -> quantity, in the order they first pledged."""

    pledges: Mapping[uuid.UUID, int] = field(default_factory=lambda: MappingProxyType({}))
    state: str = OPEN

    @property
    def total(self) -> int:
        return sum(self.pledges.values())

    @property
    def pledgers(self) -> tuple[uuid.UUID, ...]:
        return tuple(self.pledges)


NO_PURCHASE = Purchase()


def evolve_purchase(state: Purchase, event: PurchaseEvent) -> Purchase:
    match event:
        case PledgeMade() | PledgeChanged():
            pledges = {**state.pledges, event.member_id: event.quantity}
            return replace(state, pledges=MappingProxyType(pledges))
        case PledgeWithdrawn():
            pledges = {m: q for m, q in state.pledges.items() if m != event.member_id}
            return replace(state, pledges=MappingProxyType(pledges))
        case PurchaseConfirmed():
            return replace(state, state=CONFIRMED)
        case PurchaseLapsed():
            return replace(state, state=LAPSED)
    return state


def fold_purchase(events: Iterable[PurchaseEvent]) -> Purchase:
    return reduce(evolve_purchase, events, NO_PURCHASE)


def minimum(listing: Listing) -> int:
    return int(listing.details["minimum_quantity"])


def deadline(listing: Listing) -> datetime:
    value = listing.details["deadline"]
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def decide_purchase(command: PurchaseCommand, state: Purchase) -> list[PurchaseEvent]:
    match command:
        case Pledge():
            return pledge(command, state)
        case WithdrawPledge():
            return withdraw(command, state)
        case SettlePurchase():
            return settle(command, state)
    raise TypeError(f"not a purchase command: {type(command).__name__}")


def pledge(command: Pledge, state: Purchase) -> list[PurchaseEvent]:
    if not can_see(command.listing, command.member_id, command.member_of):
        raise errors.UnknownListing("no such listing")
    listing = _purchase(command.listing)
    if not 1 <= command.quantity <= MAX_PLEDGED:
        raise exchange_errors.InvalidQuantity(f"pledge 1 to {MAX_PLEDGED} units")
    _still_pledging(listing, state, command.at)
    organiser, member = _organiser(listing), command.member_id
    had = state.pledges.get(member)
    if had == command.quantity:
        return []
    if had is not None and state.state == CONFIRMED and command.quantity < had:
        raise exchange_errors.PurchaseAlreadyConfirmed(
            "a confirmed purchase's pledges do not shrink"
        )
    if not listing.is_open:
        raise errors.ListingNotOpen("only an open group purchase takes pledges")
    total = state.total - (had or 0) + command.quantity
    made = PledgeMade if had is None else PledgeChanged
    event = made(command.listing_id, organiser, member, command.quantity, total, command.at)
    return [event, *_confirmed(listing, evolve_purchase(state, event), command.at)]


def withdraw(command: WithdrawPledge, state: Purchase) -> list[PurchaseEvent]:
    listing = _purchase(command.listing)
    if command.member_id not in state.pledges:
        raise exchange_errors.NoPledge("no pledge of this member")
    _still_pledging(listing, state, command.at)
    if state.state == CONFIRMED:
        raise exchange_errors.PurchaseAlreadyConfirmed("a confirmed purchase's pledges stay")
    total = state.total - state.pledges[command.member_id]
    organiser = _organiser(listing)
    return [PledgeWithdrawn(command.listing_id, organiser, command.member_id, total, command.at)]


def settle(command: SettlePurchase, state: Purchase) -> list[PurchaseEvent]:
    listing = command.listing
    if not listing.exists or listing.category != GROUP_PURCHASE or state.state != OPEN:
        return []
    confirmed = _confirmed(listing, state, command.at)
    if confirmed or command.at < deadline(listing):
        return confirmed  # the organiser lowered the minimum to what was pledged already
    organiser = _organiser(listing)
    return [PurchaseLapsed(command.listing_id, organiser, state.total, state.pledgers, command.at)]


def _confirmed(listing: Listing, state: Purchase, at: datetime) -> list[PurchaseEvent]:
    if state.state != OPEN or state.total < minimum(listing):
        return []
    assert listing.listing_id is not None
    organiser = _organiser(listing)
    return [PurchaseConfirmed(listing.listing_id, organiser, state.total, state.pledgers, at)]


def _still_pledging(listing: Listing, state: Purchase, at: datetime) -> None:
    if state.state == LAPSED or at >= deadline(listing):
        raise exchange_errors.PledgesClosed("the deadline of this group purchase has passed")


def _purchase(listing: Listing) -> Listing:
    if not listing.exists:
        raise errors.UnknownListing("no such listing")
    if listing.category != GROUP_PURCHASE:
        raise exchange_errors.ExchangeNotOffered("only a group purchase takes pledges")
    return listing


def _organiser(listing: Listing) -> uuid.UUID:
    assert listing.author_id is not None
    return listing.author_id
