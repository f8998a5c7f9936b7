"""A trip's seats (a transport listing), rebuilt from its stream `listings.trip-<listing_id>`:
who holds how many seats on which date, and which dates (or the whole trip) the driver
cancelled. What the listing says (its driver, details, whether it is open) comes in the command.

Never more seats on a date than the listing offers: a booking is decided on the seats taken in
the state read, and appended with that state's version, so a concurrent booking makes it decide
again (services/eventstore/handling.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import reduce
from types import MappingProxyType

from contracts.listings.trips import (
    MAX_CANCEL_REASON,
    MAX_PICKUP,
    SeatBooked,
    SeatCancelled,
    TripCancelled,
    TripEvent,
    TripOccurrenceCancelled,
)
from listings.commands.trips import (
    BookSeat,
    CancelSeat,
    CancelTrip,
    CancelTripOccurrence,
    TripCommand,
)
from listings.domain import errors, exchange_errors
from listings.domain.listing import Listing
from listings.domain.publishing import authored
from listings.domain.schedule import Schedule
from listings.domain.visibility import can_see

TRANSPORT = "transport"
MAX_SEATS_BOOKED = int(exchange_errors.InvalidSeats.refusal.limits["max_seats"])


def trip_stream(listing_id: uuid.UUID) -> str:
    return f"listings.trip-{listing_id}"


@dataclass(frozen=True)
class Seat:
    seat_id: uuid.UUID
    passenger_id: uuid.UUID
    date: date
    seats: int
    active: bool = True


@dataclass(frozen=True)
class Trip:
    seats: Mapping[uuid.UUID, Seat] = field(default_factory=lambda: MappingProxyType({}))
    cancelled_dates: frozenset[date] = frozenset()
    cancelled: bool = False

    def taken(self, day: date) -> int:
        return sum(s.seats for s in self.seats.values() if s.active and s.date == day)

    def held_on(self, day: date) -> list[Seat]:
        return [s for s in self.seats.values() if s.active and s.date == day]

    def held(self) -> list[Seat]:
        return [s for s in self.seats.values() if s.active]


NO_TRIP = Trip()


def evolve_trip(state: Trip, event: TripEvent) -> Trip:
    match event:
        case SeatBooked():
            seat = Seat(event.seat_id, event.passenger_id, event.date, event.seats)
            return replace(state, seats=MappingProxyType({**state.seats, seat.seat_id: seat}))
        case SeatCancelled():
            seat = replace(state.seats[event.seat_id], active=False)
            return replace(state, seats=MappingProxyType({**state.seats, seat.seat_id: seat}))
        case TripOccurrenceCancelled():
            return replace(state, cancelled_dates=state.cancelled_dates | {event.date})
        case TripCancelled():
            return replace(state, cancelled=True)
    return state


def fold_trip(events: Iterable[TripEvent]) -> Trip:
    return reduce(evolve_trip, events, NO_TRIP)


def offered(listing: Listing) -> int:
    """The seats the driver offers on each date."""
    return int(listing.details["seats"])


def schedule(listing: Listing) -> Schedule:
    assert listing.published_at is not None
    return Schedule(listing.details, listing.published_at, listing.expires_at)


def decide_trip(command: TripCommand, state: Trip) -> list[TripEvent]:
    match command:
        case BookSeat():
            return book(command, state)
        case CancelSeat():
            return cancel_seat(command, state)
        case CancelTripOccurrence():
            return cancel_occurrence(command, state)
        case CancelTrip():
            return cancel_trip(command, state)
    raise TypeError(f"not a trip command: {type(command).__name__}")


def book(command: BookSeat, state: Trip) -> list[TripEvent]:
    if not can_see(command.listing, command.passenger_id, command.member_of):
        raise errors.UnknownListing("no such listing")
    listing = _trip(command.listing)
    if command.passenger_id == listing.author_id:
        raise errors.OwnListing("this is your own trip")
    if not 1 <= command.seats <= MAX_SEATS_BOOKED:
        raise exchange_errors.InvalidSeats(f"book 1 to {MAX_SEATS_BOOKED} seats")
    pickup = _optional_text(command.pickup, MAX_PICKUP, exchange_errors.InvalidPickup)
    if state.cancelled:
        raise exchange_errors.TripCancelled("the driver cancelled this trip")
    if not listing.is_open:
        raise errors.ListingNotOpen("only an open trip takes bookings")
    _coming(listing, state, command.date, command.at)
    if any(s.passenger_id == command.passenger_id for s in state.held_on(command.date)):
        raise exchange_errors.SeatAlreadyBooked("one booking per passenger and date")
    left = offered(listing) - state.taken(command.date)
    if command.seats > left:
        raise exchange_errors.TripFull(max(left, 0))
    assert listing.author_id is not None
    booked = SeatBooked(
        seat_id=command.seat_id,
        listing_id=command.listing_id,
        driver_id=listing.author_id,
        passenger_id=command.passenger_id,
        date=command.date,
        seats=command.seats,
        pickup=pickup,
        booked_at=command.at,
    )
    return [booked]


def cancel_seat(command: CancelSeat, state: Trip) -> list[TripEvent]:
    seat = state.seats.get(command.seat_id)
    driver = command.listing.author_id
    if seat is None:
        raise exchange_errors.UnknownSeat("no such seat")
    if command.resident_id not in (seat.passenger_id, driver):
        raise exchange_errors.NotYourSeat("only the passenger or the driver may cancel a seat")
    if not seat.active:
        raise exchange_errors.SeatAlreadyCancelled("this seat is cancelled already")
    departure = schedule(command.listing).departure_on(seat.date)
    if departure is not None and departure <= command.at:
        raise exchange_errors.DeparturePassed("a seat is given up before its departure")
    reason = _optional_text(command.reason, MAX_CANCEL_REASON, exchange_errors.InvalidCancelReason)
    assert driver is not None
    return [_cancelled(seat, command.listing_id, driver, command.resident_id, reason, command)]


def cancel_occurrence(command: CancelTripOccurrence, state: Trip) -> list[TripEvent]:
    listing = _trip(authored(command.listing, command.driver_id))
    reason = _reason(command.reason)
    if state.cancelled:
        raise exchange_errors.TripCancelled("the driver cancelled this trip")
    _coming(listing, state, command.date, command.at)
    driver = command.driver_id
    cancelled = TripOccurrenceCancelled(
        command.listing_id, driver, command.date, reason, command.at
    )
    lost = [
        _cancelled(seat, command.listing_id, driver, driver, reason, command)
        for seat in state.held_on(command.date)
    ]
    return [cancelled, *lost]


def cancel_trip(command: CancelTrip, state: Trip) -> list[TripEvent]:
    listing = _trip(authored(command.listing, command.driver_id))
    reason = _reason(command.reason)
    if state.cancelled:
        raise exchange_errors.TripCancelled("this trip is cancelled already")
    driver = command.driver_id
    coming = schedule(listing)
    lost = [
        _cancelled(seat, command.listing_id, driver, driver, reason, command)
        for seat in state.held()
        if (departure := coming.departure_on(seat.date)) is None or departure > command.at
    ]
    return [TripCancelled(command.listing_id, driver, reason, command.at), *lost]


def _coming(listing: Listing, state: Trip, day: date, at: datetime) -> None:
    """The trip leaves on `day`, later than `at`, and the driver has not called that date off."""
    departure = schedule(listing).departure_on(day)
    if departure is None:
        raise exchange_errors.NoDepartureOnDate("this trip does not leave on this date")
    if departure <= at:
        raise exchange_errors.DeparturePassed("this departure has left already")
    if day in state.cancelled_dates:
        raise exchange_errors.OccurrenceCancelled("the driver cancelled this date")


def _cancelled(
    seat: Seat,
    listing_id: uuid.UUID,
    driver_id: uuid.UUID,
    by: uuid.UUID,
    reason: str | None,
    command: CancelSeat | CancelTripOccurrence | CancelTrip,
) -> SeatCancelled:
    return SeatCancelled(
        seat.seat_id, listing_id, driver_id, seat.passenger_id, seat.date, by, reason, command.at
    )


def _trip(listing: Listing) -> Listing:
    if not listing.exists:
        raise errors.UnknownListing("no such listing")
    if listing.category != TRANSPORT:
        raise exchange_errors.ExchangeNotOffered("only a transport listing takes seats")
    return listing


def _reason(text: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise errors.ReasonRequired("say why the passengers lose their seats")
    if len(cleaned) > MAX_CANCEL_REASON:
        raise exchange_errors.InvalidCancelReason(
            f"a reason has at most {MAX_CANCEL_REASON} characters"
        )
    return cleaned


def _optional_text(
    text: str | None, longest: int, error: type[errors.ListingsRefusal]
) -> str | None:
    if text is None:
        return None
    cleaned = text.strip()
    if not 1 <= len(cleaned) <= longest:
        raise error(f"1 to {longest} characters")
    return cleaned
