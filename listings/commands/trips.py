"""Commands on a trip's seats (stream listings.trip-<listing_id>). The handler reads the
listing's own stream and hands its state in (`listing`), with the neighbourhoods the actor is a
member of: the domain decides on both, reading nothing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from listings.domain.listing import Listing


@dataclass(frozen=True)
class BookSeat:
    """`seats` seats on the local date `date`, with a pickup point the passenger may give."""

    command_id: uuid.UUID
    listing_id: uuid.UUID
    passenger_id: uuid.UUID
    date: date
    seats: int
    pickup: str | None
    at: datetime
    member_of: frozenset[uuid.UUID]
    listing: Listing

    @property
    def seat_id(self) -> uuid.UUID:
        return uuid.uuid5(self.command_id, "seat")


@dataclass(frozen=True)
class CancelSeat:
    """By its passenger or the trip's driver; `reason` is optional."""

    command_id: uuid.UUID
    listing_id: uuid.UUID
    seat_id: uuid.UUID
    resident_id: uuid.UUID
    reason: str | None
    at: datetime
    listing: Listing


@dataclass(frozen=True)
class CancelTripOccurrence:
    """The driver will not drive on `date`; every seat booked on it is cancelled."""

    command_id: uuid.UUID
    listing_id: uuid.UUID
    driver_id: uuid.UUID
    date: date
    reason: str
    at: datetime
    listing: Listing


@dataclass(frozen=True)
class CancelTrip:
    """The driver will not drive on any date; every seat still booked is cancelled."""

    command_id: uuid.UUID
    listing_id: uuid.UUID
    driver_id: uuid.UUID
    reason: str
    at: datetime
    listing: Listing


TripCommand = BookSeat | CancelSeat | CancelTripOccurrence | CancelTrip
