"""The exchange routes' bodies (api/listings/exchanges.py) and what a listing shows of its
exchange (`Listing.exchange`): a trip's departures and seats, a group purchase's progress, a
giveaway's or a barter's reservation."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from contracts.listings.categories import ALLOCATIONS, MAX_QUANTITY, MAX_SEATS
from contracts.listings.purchases import STATES
from contracts.listings.trips import MAX_CANCEL_REASON, MAX_PICKUP
from services.gateway.http.schemas import made
from services.gateway.http.text import Text

# Requests


class SeatBooking(Schema):
    date = fields.Date(
        required=True, metadata={"description": "The local date of a departure (YYYY-MM-DD)."}
    )
    seats = fields.Integer(required=True, strict=True, validate=validate.Range(1, MAX_SEATS))
    pickup = Text(1, MAX_PICKUP, metadata={"description": "Where to be picked up (optional)."})


class SeatCancellation(Schema):
    reason = Text(1, MAX_CANCEL_REASON, lines=True)


class OccurrenceCancellation(Schema):
    date = fields.Date(required=True)
    reason = Text(1, MAX_CANCEL_REASON, lines=True, required=True)


class TripCancellation(Schema):
    reason = Text(1, MAX_CANCEL_REASON, lines=True, required=True)


class Pledging(Schema):
    quantity = fields.Integer(required=True, strict=True, validate=validate.Range(1, MAX_QUANTITY))


class RecipientChoice(Schema):
    response_id = fields.UUID(required=True)


# Answers


SeatBooked = made("SeatBooked", "seat_id")


class MySeat(Schema):
    seat_id = fields.UUID(required=True)
    seats = fields.Integer(required=True)


class Passenger(Schema):
    seat_id = fields.UUID(required=True)
    resident_id = fields.UUID(required=True)
    display_name = fields.String(required=True, allow_none=True)
    seats = fields.Integer(required=True)
    pickup = fields.String(required=True, allow_none=True)


class Occurrence(Schema):
    date = fields.Date(required=True)
    departs_at = fields.AwareDateTime(required=True)
    cancelled = fields.Boolean(required=True)
    seats_left = fields.Integer(required=True)
    my_seat = fields.Nested(MySeat, required=True, allow_none=True)
    passengers = fields.List(
        fields.Nested(Passenger),
        required=True,
        allow_none=True,
        metadata={"description": "To the driver only."},
    )


class Trip(Schema):
    time_zone = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "A weekly commute's (IANA); a one-off trip's offset is its own."},
    )
    seats_offered = fields.Integer(required=True)
    cancelled = fields.Boolean(required=True)
    occurrences = fields.List(
        fields.Nested(Occurrence),
        required=True,
        metadata={"description": "The next departures, soonest first."},
    )


class MemberPledge(Schema):
    resident_id = fields.UUID(required=True)
    display_name = fields.String(required=True, allow_none=True)
    quantity = fields.Integer(required=True)


class Purchase(Schema):
    state = fields.String(required=True, validate=validate.OneOf(STATES))
    total = fields.Integer(required=True)
    minimum_quantity = fields.Integer(required=True)
    deadline = fields.AwareDateTime(required=True)
    my_quantity = fields.Integer(required=True, allow_none=True)
    pledges = fields.List(
        fields.Nested(MemberPledge),
        required=True,
        allow_none=True,
        metadata={"description": "To the organiser only, in the order members first pledged."},
    )


class Reservation(Schema):
    reserved = fields.Boolean(required=True)
    allocation = fields.String(required=True, allow_none=True, validate=validate.OneOf(ALLOCATIONS))
    response_id = fields.UUID(
        required=True, allow_none=True, metadata={"description": "To its author and recipient."}
    )
    recipient_id = fields.UUID(required=True, allow_none=True)


class Exchange(Schema):
    """One of trip, purchase, reservation, by the listing's category."""

    trip = fields.Nested(Trip)
    purchase = fields.Nested(Purchase)
    reservation = fields.Nested(Reservation)


class MySeatOnTrip(Schema):
    seat_id = fields.UUID(required=True)
    listing_id = fields.UUID(required=True)
    date = fields.Date(required=True)
    seats = fields.Integer(required=True)


class MySeats(Schema):
    items = fields.List(fields.Nested(MySeatOnTrip), required=True)
