"""Builders for the exchanges' unit tests: a weekly commute, a one-off trip, a group purchase
and giveaways, published as listings, and the commands on their own streams."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from contracts.listings.events import ListingEvent
from listings.commands.purchases import Pledge, SettlePurchase, WithdrawPledge
from listings.commands.trips import BookSeat, CancelSeat, CancelTrip, CancelTripOccurrence
from listings.domain.decide import decide
from listings.domain.listing import Listing, fold
from tests.unit.listings import T0, days, hours, publication

DRIVER, PASSENGER, OTHER, THIRD = (uuid.uuid4() for _ in range(4))
NID = uuid.uuid4()
MEMBERS = frozenset({NID})
PARIS = {"lat": 48.85, "lon": 2.35}
COMMUTE = {
    "from": PARIS,
    "to": {"lat": 48.9, "lon": 2.3},
    "seats": 3,
    "weekly": {"days": ["mon", "wed"], "time": "08:00"},
}
SOON = T0 + hours(1)
MONDAY = date(2026, 3, 2)  # T0 is Sunday 1 March 2026
PURCHASE = {
    "product": "Pommes bio",
    "unit": "kg",
    "unit_price": 2.5,
    "minimum_quantity": 10,
    "deadline": (T0 + days(7)).isoformat(),
}


def listing_of(category: str, details: dict[str, Any], author: uuid.UUID = DRIVER) -> Listing:
    """The listing published at T0 in NID, open for 30 days."""
    return fold(publishing(category, details, author))


def publishing(
    category: str, details: dict[str, Any], author: uuid.UUID = DRIVER
) -> list[ListingEvent]:
    return decide(publication(author, [NID], category, details), Listing())


def commute(**weekly: Any) -> Listing:
    return listing_of("transport", {**COMMUTE, "weekly": {**COMMUTE["weekly"], **weekly}})


def booking(
    listing: Listing,
    passenger: uuid.UUID = PASSENGER,
    day: date = MONDAY,
    seats: int = 1,
    at: datetime | None = None,
    pickup: str | None = None,
) -> BookSeat:
    assert listing.listing_id is not None
    return BookSeat(
        uuid.uuid4(),
        listing.listing_id,
        passenger,
        day,
        seats,
        pickup,
        at or SOON,
        MEMBERS,
        listing,
    )


def seat_cancel(
    listing: Listing, seat_id: uuid.UUID, by: uuid.UUID, reason: str | None = None
) -> CancelSeat:
    assert listing.listing_id is not None
    return CancelSeat(uuid.uuid4(), listing.listing_id, seat_id, by, reason, T0 + hours(2), listing)


def occurrence_cancel(
    listing: Listing, day: date = MONDAY, reason: str = "Voiture au garage", by: uuid.UUID = DRIVER
) -> CancelTripOccurrence:
    assert listing.listing_id is not None
    return CancelTripOccurrence(
        uuid.uuid4(), listing.listing_id, by, day, reason, T0 + hours(2), listing
    )


def trip_cancel(listing: Listing, reason: str = "Je déménage") -> CancelTrip:
    assert listing.listing_id is not None
    return CancelTrip(uuid.uuid4(), listing.listing_id, DRIVER, reason, T0 + hours(2), listing)


def purchase(minimum: int = 10, organiser: uuid.UUID = DRIVER) -> Listing:
    return listing_of("group_purchase", {**PURCHASE, "minimum_quantity": minimum}, organiser)


def pledging(
    listing: Listing, member: uuid.UUID, quantity: int, at: datetime | None = None
) -> Pledge:
    assert listing.listing_id is not None
    when = at or SOON
    return Pledge(uuid.uuid4(), listing.listing_id, member, quantity, when, MEMBERS, listing)


def withdrawing(listing: Listing, member: uuid.UUID, at: datetime | None = None) -> WithdrawPledge:
    assert listing.listing_id is not None
    return WithdrawPledge(uuid.uuid4(), listing.listing_id, member, at or SOON, listing)


def settling(listing: Listing, at: datetime) -> SettlePurchase:
    assert listing.listing_id is not None
    return SettlePurchase(uuid.uuid4(), listing.listing_id, at, listing)
