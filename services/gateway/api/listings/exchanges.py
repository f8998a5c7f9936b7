"""The API's exchange routes: seats on a trip (and the driver's cancellations), pledges to a
group purchase, a giveaway's recipient. What a listing shows of its exchange is part of
GET /listings/{id} (`exchange`)."""

from __future__ import annotations

from contracts.listings import exchange_refusals, refusals
from services.gateway.api.listings import exchange_schemas as xs
from services.gateway.api.listings import schemas as ls
from services.gateway.api.listings.calls import API, LISTING
from services.gateway.http import schemas
from services.gateway.http.routing import Call, Door, Reply

TRIP_REFUSALS = (refusals.UNKNOWN_LISTING, exchange_refusals.EXCHANGE_NOT_OFFERED)
DRIVER_REFUSALS = (
    *TRIP_REFUSALS,
    refusals.NOT_THE_AUTHOR,
    refusals.LISTING_REMOVED,
    refusals.REASON_REQUIRED,
    exchange_refusals.INVALID_CANCEL_REASON,
    exchange_refusals.TRIP_CANCELLED,
)


book_seat = API.step(
    "POST",
    f"{LISTING}/seats",
    "Book seats on a trip",
    201,
    xs.SeatBooked,
    body=xs.SeatBooking,
    limit="posting",
    description="On one departure date of a one-off trip or a weekly commute; 409 trip_full "
    "when fewer seats are left (details.seats_left).",
    refusals=(
        *TRIP_REFUSALS,
        refusals.NOT_A_MEMBER,
        refusals.OWN_LISTING,
        refusals.LISTING_NOT_OPEN,
        exchange_refusals.INVALID_SEATS,
        exchange_refusals.INVALID_PICKUP,
        exchange_refusals.NO_DEPARTURE_ON_DATE,
        exchange_refusals.DEPARTURE_PASSED,
        exchange_refusals.OCCURRENCE_CANCELLED,
        exchange_refusals.TRIP_CANCELLED,
        exchange_refusals.SEAT_ALREADY_BOOKED,
        exchange_refusals.TRIP_FULL,
    ),
    command="book_seat",
    actor="passenger_id",
    passes=("date", "seats", "pickup"),
    reads=True,
)


cancel_seat = API.step(
    "POST",
    "/seats/<uuid:seat_id>/cancel",
    "Cancel a seat",
    200,
    schemas.Positioned,
    body=xs.SeatCancellation,
    description="Its passenger, or the trip's driver (with a reason the passenger reads), "
    "before its departure.",
    refusals=(
        exchange_refusals.UNKNOWN_SEAT,
        exchange_refusals.NOT_YOUR_SEAT,
        exchange_refusals.SEAT_ALREADY_CANCELLED,
        exchange_refusals.INVALID_CANCEL_REASON,
        exchange_refusals.DEPARTURE_PASSED,
    ),
    command="cancel_seat",
    passes=("reason",),
    reads=True,
)


cancel_occurrence = API.step(
    "POST",
    f"{LISTING}/occurrences/cancel",
    "Cancel one departure of my trip",
    200,
    schemas.Positioned,
    body=xs.OccurrenceCancellation,
    description="The driver will not drive on this date: its passengers lose their seats, "
    "with the reason.",
    refusals=(
        *DRIVER_REFUSALS,
        exchange_refusals.NO_DEPARTURE_ON_DATE,
        exchange_refusals.DEPARTURE_PASSED,
        exchange_refusals.OCCURRENCE_CANCELLED,
    ),
    command="cancel_trip_occurrence",
    actor="driver_id",
    passes=("date", "reason"),
)


cancel_trip = API.step(
    "POST",
    f"{LISTING}/trip/cancel",
    "Cancel my whole trip",
    200,
    schemas.Positioned,
    body=xs.TripCancellation,
    description="The driver will not drive on any date: every passenger of a coming departure "
    "loses their seat, with the reason.",
    refusals=DRIVER_REFUSALS,
    command="cancel_trip",
    actor="driver_id",
    passes=("reason",),
)


@API.route(
    "GET",
    "/me/seats",
    "My seats",
    200,
    xs.MySeats,
    description="The seats I hold from today on, soonest first.",
)
def my_seats(door: Door, call: Call) -> Reply:
    """Where I am a passenger."""
    return API.query(door, call, "my_seats", xs.MySeats, viewer="resident_id")


PLEDGE_REFUSALS = (
    refusals.UNKNOWN_LISTING,
    exchange_refusals.EXCHANGE_NOT_OFFERED,
    exchange_refusals.PLEDGES_CLOSED,
    exchange_refusals.PURCHASE_CONFIRMED,
)


pledge = API.step(
    "POST",
    f"{LISTING}/pledges",
    "Pledge to a group purchase",
    201,
    schemas.Positioned,
    body=xs.Pledging,
    limit="posting",
    description="Makes my pledge, or changes it to this quantity, before the deadline. The "
    "pledge that brings the total to the minimum confirms the purchase.",
    refusals=(
        *PLEDGE_REFUSALS,
        refusals.NOT_A_MEMBER,
        refusals.LISTING_NOT_OPEN,
        exchange_refusals.INVALID_QUANTITY,
    ),
    command="pledge",
    actor="member_id",
    passes=("quantity",),
    reads=True,
)


withdraw_pledge = API.step(
    "DELETE",
    f"{LISTING}/pledges/me",
    "Withdraw my pledge",
    200,
    schemas.Positioned,
    description="Before the deadline, while the purchase is not confirmed.",
    refusals=(*PLEDGE_REFUSALS, exchange_refusals.NO_PLEDGE),
    command="withdraw_pledge",
    actor="member_id",
)


choose_recipient = API.step(
    "POST",
    f"{LISTING}/recipient",
    "Choose who gets my giveaway",
    201,
    ls.Connected,
    body=xs.RecipientChoice,
    description="A giveaway whose giver chooses: the listing is reserved for that responder "
    "(a first-come giveaway goes to its first responder by itself).",
    refusals=(
        refusals.UNKNOWN_LISTING,
        refusals.NOT_THE_AUTHOR,
        refusals.LISTING_REMOVED,
        exchange_refusals.EXCHANGE_NOT_OFFERED,
        exchange_refusals.FIRST_COME_GIVEAWAY,
        refusals.UNKNOWN_RESPONSE,
        exchange_refusals.RECIPIENT_ALREADY_CHOSEN,
        refusals.LISTING_NOT_OPEN,
    ),
    command="choose_recipient",
    actor="giver_id",
    passes=("response_id",),
)
