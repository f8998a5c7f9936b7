"""Why the listings context refuses an exchange (a booking, a seat, a pledge, a giveaway's
recipient, a barter's offer): one error per rule, each naming its refusal
(contracts/listings/exchange_refusals.py). Like every listings refusal (errors.py), messages hold
counts, limits and dates, never a personal value, and the values a client may show are
attributes named as the refusal's `details`."""

from __future__ import annotations

from datetime import date

from contracts.listings import exchange_refusals
from contracts.refusals import rule
from listings.domain.errors import ListingsRefusal

# Bookings of a loan or a rental (domain/calendar.py)


# No such booking, or one the asker is no party to: the same answer for both.
UnknownBooking = rule(ListingsRefusal, exchange_refusals.UNKNOWN_BOOKING)
UnknownBlock = rule(ListingsRefusal, exchange_refusals.UNKNOWN_BLOCK)
NotBookable = rule(ListingsRefusal, exchange_refusals.NOT_BOOKABLE)
InvalidPeriod = rule(ListingsRefusal, exchange_refusals.INVALID_PERIOD)


class BookingOverlaps(ListingsRefusal):
    """The dates meet another booking holding the item, from `start` to `end`."""

    refusal = exchange_refusals.BOOKING_OVERLAPS

    def __init__(self, message: str, start: date, end: date) -> None:
        super().__init__(message)
        self.start, self.end = start.isoformat(), end.isoformat()


class BlockedDates(ListingsRefusal):
    """The dates meet a period the owner blocked, from `start` to `end`."""

    refusal = exchange_refusals.DATES_BLOCKED

    def __init__(self, message: str, start: date, end: date) -> None:
        super().__init__(message)
        self.start, self.end = start.isoformat(), end.isoformat()


TooManyBookings = rule(ListingsRefusal, exchange_refusals.TOO_MANY_BOOKINGS)
BookingNotPending = rule(ListingsRefusal, exchange_refusals.BOOKING_NOT_PENDING)
BookingNotCancellable = rule(ListingsRefusal, exchange_refusals.BOOKING_NOT_CANCELLABLE)
BookingNotAccepted = rule(ListingsRefusal, exchange_refusals.BOOKING_NOT_ACCEPTED)
BookingNotPickedUp = rule(ListingsRefusal, exchange_refusals.BOOKING_NOT_PICKED_UP)
UnknownCalendar = rule(ListingsRefusal, exchange_refusals.UNKNOWN_CALENDAR)
# Exchanges (trip.py, purchase.py, giveaway.py)


# Seats on a listing that is no trip, a pledge to one that is no group purchase...
ExchangeNotOffered = rule(ListingsRefusal, exchange_refusals.EXCHANGE_NOT_OFFERED)


class TripFull(ListingsRefusal):
    """Fewer than the seats asked for are left on the date: `seats_left`."""

    refusal = exchange_refusals.TRIP_FULL

    def __init__(self, seats_left: int) -> None:
        super().__init__(f"only {seats_left} seats left on this date")
        self.seats_left = seats_left


InvalidSeats = rule(ListingsRefusal, exchange_refusals.INVALID_SEATS)
InvalidPickup = rule(ListingsRefusal, exchange_refusals.INVALID_PICKUP)
NoDepartureOnDate = rule(ListingsRefusal, exchange_refusals.NO_DEPARTURE_ON_DATE)
DeparturePassed = rule(ListingsRefusal, exchange_refusals.DEPARTURE_PASSED)
OccurrenceCancelled = rule(ListingsRefusal, exchange_refusals.OCCURRENCE_CANCELLED)
TripCancelled = rule(ListingsRefusal, exchange_refusals.TRIP_CANCELLED)
SeatAlreadyBooked = rule(ListingsRefusal, exchange_refusals.SEAT_ALREADY_BOOKED)
UnknownSeat = rule(ListingsRefusal, exchange_refusals.UNKNOWN_SEAT)
NotYourSeat = rule(ListingsRefusal, exchange_refusals.NOT_YOUR_SEAT)
SeatAlreadyCancelled = rule(ListingsRefusal, exchange_refusals.SEAT_ALREADY_CANCELLED)
InvalidCancelReason = rule(ListingsRefusal, exchange_refusals.INVALID_CANCEL_REASON)
InvalidQuantity = rule(ListingsRefusal, exchange_refusals.INVALID_QUANTITY)
PledgesClosed = rule(ListingsRefusal, exchange_refusals.PLEDGES_CLOSED)
PurchaseAlreadyConfirmed = rule(ListingsRefusal, exchange_refusals.PURCHASE_CONFIRMED)
NoPledge = rule(ListingsRefusal, exchange_refusals.NO_PLEDGE)
RecipientAlreadyChosen = rule(ListingsRefusal, exchange_refusals.RECIPIENT_ALREADY_CHOSEN)
FirstComeGiveaway = rule(ListingsRefusal, exchange_refusals.FIRST_COME_GIVEAWAY)
InvalidOffer = rule(ListingsRefusal, exchange_refusals.INVALID_OFFER)
