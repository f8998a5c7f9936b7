"""The bookings routes' bodies (api/listings/bookings.py): requests loaded with these schemas,
answers cut to them, and the OpenAPI document generated from them."""

from __future__ import annotations

from marshmallow import Schema, fields

from contracts.listings.moderation import MAX_REASON
from contracts.listings.responses import MAX_MESSAGE
from services.gateway.http.schemas import made, position
from services.gateway.http.text import Text

STATUSES = ("requested", "accepted", "declined", "cancelled", "picked_up", "returned")


def _day(required: bool = True, **options: object) -> fields.Date:
    return fields.Date(required=required, metadata={"description": "YYYY-MM-DD"}, **options)  # type: ignore[arg-type]


def _half(what: str) -> fields.Boolean:
    return fields.Boolean(load_default=False, metadata={"description": what})


# Requests


class BookingRequest(Schema):
    start = _day()
    end = _day()
    starts_afternoon = _half("The first day from the afternoon only.")
    ends_at_noon = _half("The last day until noon only.")
    message = Text(0, MAX_MESSAGE, lines=True, load_default=None)


class Blocking(Schema):
    start = _day()
    end = _day()
    reason = Text(0, MAX_REASON, lines=True, load_default=None)


class Declining(Schema):
    reason = Text(0, MAX_REASON, lines=True, load_default=None)


class Cancelling(Schema):
    reason = Text(1, MAX_REASON, lines=True, required=True)


class AvailabilityQuery(Schema):
    start = _day(False, data_key="from")
    end = _day(False, data_key="to")


class FeedQuery(Schema):
    token = fields.String(required=True)
    lang = fields.String(load_default="fr")


# Answers


BookingRequested = made("BookingRequested", "booking_id")


Blocked = made("Blocked", "block_id")


class BlockedPeriod(Schema):
    start = fields.String(required=True)
    end = fields.String(required=True)
    block_id = fields.UUID(metadata={"description": "To its owner only."})
    reason = fields.String(allow_none=True, metadata={"description": "To its owner only."})


class BookedPeriod(Schema):
    start = fields.String(required=True)
    end = fields.String(required=True)
    starts_afternoon = fields.Boolean(required=True)
    ends_at_noon = fields.Boolean(required=True)
    status = fields.String(required=True)
    booking_id = fields.UUID(metadata={"description": "To its owner and its borrower only."})


class Availability(Schema):
    listing_id = fields.UUID(required=True)
    start = fields.String(required=True, data_key="from")
    end = fields.String(required=True, data_key="to")
    owner = fields.Boolean(required=True, metadata={"description": "I own this item."})
    category = fields.String(required=True)
    blocked = fields.List(fields.Nested(BlockedPeriod), required=True)
    booked = fields.List(fields.Nested(BookedPeriod), required=True)


class Booking(Schema):
    booking_id = fields.UUID(required=True)
    listing_id = fields.UUID(required=True)
    title = fields.String(required=True, allow_none=True)
    role = fields.String(required=True, metadata={"description": "owner | borrower"})
    owner_id = fields.UUID(required=True)
    borrower_id = fields.UUID(required=True)
    other_name = fields.String(
        required=True, allow_none=True, metadata={"description": "The other side's name."}
    )
    start = fields.String(required=True)
    end = fields.String(required=True)
    starts_afternoon = fields.Boolean(required=True)
    ends_at_noon = fields.Boolean(required=True)
    status = fields.String(required=True, metadata={"description": " | ".join(STATUSES)})
    overdue = fields.Boolean(required=True)
    category = fields.String(required=True)
    price = fields.String(
        required=True, allow_none=True, metadata={"description": "A rental's, in euros."}
    )
    deposit = fields.String(
        required=True, allow_none=True, metadata={"description": "Paid outside the platform."}
    )
    message = fields.String(required=True, allow_none=True)
    reason = fields.String(
        required=True, allow_none=True, metadata={"description": "Of a decline or cancellation."}
    )
    cancelled_by = fields.UUID(required=True, allow_none=True)
    requested_at = fields.String(required=True)


class MyBookings(Schema):
    as_borrower = fields.List(fields.Nested(Booking), required=True)
    as_owner = fields.List(fields.Nested(Booking), required=True)


class CalendarUrl(Schema):
    calendar_url = fields.String(required=True, allow_none=True)
    position = position()
