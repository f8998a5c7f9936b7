"""Listings contracts of a trip's seats (category transport), on the stream
`listings.trip-<listing_id>`: one stream per trip, so that its expected version serialises the
bookings of every date and no date is ever oversold. Declared in contracts.listings.

A passenger books seats on one date (a one-off trip's departure day or a weekly commute's
occurrence, in the trip's time zone); the driver may cancel one occurrence or the whole trip,
and each seat lost then is recorded as cancelled with the driver's reason. A pickup point is the
passenger's words about where they live: sealed with the passenger's key. A reason is sealed
with the key of whoever cancelled.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from marshmallow import fields, validate

from ..fields import contract_of, count, text
from ..pii import pii
from .categories import MAX_SEATS, MAX_SHORT

MAX_PICKUP = MAX_SHORT
MAX_CANCEL_REASON = 500
DEFAULT_TIME_ZONE = "Europe/Paris"
"""The time zone a weekly commute's days and time are read in when its details name none."""
UPCOMING_OCCURRENCES = 8
"""How many coming departures a trip shows with their seats left."""


@dataclass(frozen=True)
class SeatBooked:
    """`passenger_id` holds `seats` seats of the trip on `date` (a local date of the trip)."""

    seat_id: uuid.UUID
    listing_id: uuid.UUID
    driver_id: uuid.UUID
    passenger_id: uuid.UUID
    date: date
    seats: int
    pickup: str | None
    booked_at: datetime


@dataclass(frozen=True)
class SeatCancelled:
    """The seat is given up: by its passenger, or by the driver (alone, or as part of an
    occurrence or the whole trip cancelled). `cancelled_by` is a resident's id."""

    seat_id: uuid.UUID
    listing_id: uuid.UUID
    driver_id: uuid.UUID
    passenger_id: uuid.UUID
    date: date
    cancelled_by: uuid.UUID
    reason: str | None
    cancelled_at: datetime


@dataclass(frozen=True)
class TripOccurrenceCancelled:
    """The driver will not drive on `date`; the seats booked on it are cancelled beside."""

    listing_id: uuid.UUID
    driver_id: uuid.UUID
    date: date
    reason: str
    cancelled_at: datetime


@dataclass(frozen=True)
class TripCancelled:
    """The driver will not drive this trip any more, on any date."""

    listing_id: uuid.UUID
    driver_id: uuid.UUID
    reason: str
    cancelled_at: datetime


_REASON = validate.Length(min=1, max=MAX_CANCEL_REASON)


def _date() -> fields.Date:
    return fields.Date(required=True)


SEAT_BOOKED = contract_of(
    "listings",
    SeatBooked,
    "passenger_id",
    date=_date(),
    seats=count(validate.Range(1, MAX_SEATS)),
    pickup=pii(text(validate.Length(min=1, max=MAX_PICKUP), nullable=True)),
)
SEAT_CANCELLED = contract_of(
    "listings",
    SeatCancelled,
    "cancelled_by",
    date=_date(),
    reason=pii(text(_REASON, nullable=True)),
)
TRIP_OCCURRENCE_CANCELLED = contract_of(
    "listings", TripOccurrenceCancelled, "driver_id", date=_date(), reason=pii(text(_REASON))
)
TRIP_CANCELLED = contract_of("listings", TripCancelled, "driver_id", reason=pii(text(_REASON)))

TripEvent = SeatBooked | SeatCancelled | TripOccurrenceCancelled | TripCancelled
"""Every event of a trip's stream."""
