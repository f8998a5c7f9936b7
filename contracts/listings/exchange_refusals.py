"""Why the listings context refuses an exchange (a booking of a loan or a rental, a seat on a
trip, a pledge to a group purchase, a giveaway's recipient, a barter's offer), each refusal
declared once (contracts/refusals.py); contracts/listings/refusals.py adds them to the context's
catalogue."""

from __future__ import annotations

from ..refusals import Refusal, conflict, forbidden, gathered, invalid, missing, too_long
from .bookings import MAX_AHEAD_DAYS, MAX_BOOKING_DAYS, MAX_OPEN_BOOKINGS
from .categories import MAX_QUANTITY, MAX_SEATS
from .responses import MAX_OFFER
from .trips import MAX_CANCEL_REASON, MAX_PICKUP

# Bookings of a loan or a rental (contracts/listings/bookings.py).
UNKNOWN_BOOKING = missing("unknown_booking", "No such booking of yours.")
UNKNOWN_BLOCK = missing("unknown_block", "No such blocked period.")
NOT_BOOKABLE = conflict("not_bookable", "Only a loan or a rental offer can be booked.")
INVALID_PERIOD = invalid(
    "invalid_period",
    "end",
    "A period ends on or after its start, starts today or within {max_ahead_days} days, and"
    " lasts at most {max_days} days.",
    limits={"max_days": MAX_BOOKING_DAYS, "max_ahead_days": MAX_AHEAD_DAYS},
)
BOOKING_OVERLAPS = conflict(
    "booking_overlaps",
    "These dates overlap another booking of this item.",
    details=("start", "end"),
    explained="These dates overlap another booking of this item, from {start} to {end}.",
)
DATES_BLOCKED = conflict(
    "dates_blocked",
    "The owner keeps this item on some of these dates.",
    details=("start", "end"),
    explained="The owner keeps this item from {start} to {end}.",
)
TOO_MANY_BOOKINGS = conflict(
    "too_many_bookings",
    "You may hold at most {max_open} open bookings of one item.",
    limits={"max_open": MAX_OPEN_BOOKINGS},
)
BOOKING_NOT_PENDING = conflict("booking_not_pending", "This booking was answered already.")
BOOKING_NOT_CANCELLABLE = conflict(
    "booking_not_cancellable", "Only a booking not picked up yet can be cancelled."
)
BOOKING_NOT_ACCEPTED = conflict(
    "booking_not_accepted", "Only an accepted booking can be picked up."
)
BOOKING_NOT_PICKED_UP = conflict("booking_not_picked_up", "Only an item picked up can be returned.")
UNKNOWN_CALENDAR = missing("unknown_calendar", "No calendar has this address.")


# Exchanges: seats on a trip, pledges to a group purchase, a giveaway's recipient, a barter.
EXCHANGE_NOT_OFFERED = conflict(
    "exchange_not_offered", "This listing does not take this kind of exchange."
)
TRIP_FULL = conflict(
    "trip_full",
    "Not enough seats left on this date.",
    field="seats",
    details=("seats_left",),
    explained="Only {seats_left} seats left on this date.",
)
INVALID_SEATS = invalid(
    "invalid_seats", "seats", "Book 1 to {max_seats} seats.", limits={"max_seats": MAX_SEATS}
)
INVALID_PICKUP = too_long(
    "invalid_pickup", "pickup", "A pickup point has 1 to {max_length} characters.", MAX_PICKUP
)
NO_DEPARTURE_ON_DATE = invalid(
    "no_departure_on_date", "date", "This trip does not leave on this date."
)
DEPARTURE_PASSED = conflict("departure_passed", "This departure has left already.")
OCCURRENCE_CANCELLED = conflict(
    "occurrence_cancelled", "The driver cancelled this date.", field="date"
)
TRIP_CANCELLED = conflict("trip_cancelled", "The driver cancelled this trip.")
SEAT_ALREADY_BOOKED = conflict(
    "seat_already_booked", "You have a seat on this date already.", field="date"
)
UNKNOWN_SEAT = missing("unknown_seat", "No such seat.")
NOT_YOUR_SEAT = forbidden("not_your_seat", "Only the passenger or the driver may cancel this seat.")
SEAT_ALREADY_CANCELLED = conflict("seat_already_cancelled", "This seat is cancelled already.")
INVALID_CANCEL_REASON = too_long(
    "invalid_cancel_reason",
    "reason",
    "A reason has 1 to {max_length} characters.",
    MAX_CANCEL_REASON,
)
INVALID_QUANTITY = invalid(
    "invalid_quantity",
    "quantity",
    "Pledge 1 to {max_quantity} units.",
    limits={"max_quantity": MAX_QUANTITY},
)
PLEDGES_CLOSED = conflict("pledges_closed", "The deadline of this group purchase has passed.")
PURCHASE_CONFIRMED = conflict(
    "purchase_confirmed",
    "The purchase is confirmed: pledges may grow, but no longer shrink or be withdrawn.",
)
NO_PLEDGE = Refusal("no_pledge", 404, "You have no pledge on this purchase.")
RECIPIENT_ALREADY_CHOSEN = conflict(
    "recipient_already_chosen", "This listing is reserved for someone already."
)
FIRST_COME_GIVEAWAY = conflict(
    "first_come_giveaway", "This giveaway goes to its first responder: nobody picks."
)
INVALID_OFFER = too_long(
    "invalid_offer",
    "offer",
    "Say what you offer in exchange, in 1 to {max_length} characters.",
    MAX_OFFER,
)


REFUSALS = gathered(globals())
