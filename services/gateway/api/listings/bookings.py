"""The API's routes for the bookings of a loan or a rental: an item's availability and the
owner's blocked dates, requesting a booking, answering, cancelling, handing over and returning
it, my bookings, and my calendar as a private iCalendar URL (GET /me shows it as
`calendar_url`; POST /me/calendar-url makes a new one, and the old one stops working).
"""

from __future__ import annotations

import uuid

from contracts.listings import exchange_refusals, refusals
from services.gateway.api.listings import booking_schemas as bs
from services.gateway.api.listings.calls import API, LISTING, reading
from services.gateway.http.routing import Call, Door, Reply
from services.gateway.http.schemas import Positioned
from services.gateway.remote import Remote

BOOKING = "/bookings/<uuid:booking_id>"
# The same command id for every first asking: a feed is made once, however often /me is read.
_FEED = uuid.UUID("d0b7c3e4-51a9-4c8e-b2f6-7e3a9d10c4f5")
ICS = "text/calendar; charset=utf-8"


@API.route(
    "GET",
    f"{LISTING}/availability",
    "An item's availability",
    200,
    bs.Availability,
    query=bs.AvailabilityQuery,
    description=(
        "The blocked and booked periods of a loan or a rental from `from` (default today) to"
        " `to` (default two months later); every other day is free."
    ),
    refusals=(refusals.UNKNOWN_LISTING,),
)
def item_availability(door: Door, call: Call) -> Reply:
    """When the item can be borrowed."""
    days = {k: v.isoformat() for k, v in call.query.items() if v is not None}
    return API.query(door, call, "availability", bs.Availability, **days)


@API.route(
    "POST",
    f"{LISTING}/availability/blocks",
    "Block dates of my item",
    201,
    bs.Blocked,
    body=bs.Blocking,
    description="The owner keeps the item (holidays, repair): nobody may book these days.",
    refusals=(
        refusals.UNKNOWN_LISTING,
        refusals.NOT_THE_AUTHOR,
        exchange_refusals.NOT_BOOKABLE,
        refusals.LISTING_NOT_OPEN,
        exchange_refusals.INVALID_PERIOD,
        refusals.INVALID_REASON,
        exchange_refusals.BOOKING_OVERLAPS,
    ),
)
def block_dates(door: Door, call: Call) -> Reply:
    """Keep my item on these days."""
    body = call.body
    return API.done(
        201, door, call, "block_dates", bs.Blocked, owner_id=call.resident_id,
        start=body["start"].isoformat(), end=body["end"].isoformat(), reason=body["reason"],
    )  # fmt: skip


@API.route(
    "DELETE",
    f"{LISTING}/availability/blocks/<uuid:block_id>",
    "Unblock dates of my item",
    200,
    Positioned,
    refusals=(exchange_refusals.UNKNOWN_BLOCK, refusals.NOT_THE_AUTHOR),
)
def unblock_dates(door: Door, call: Call) -> Reply:
    """Make these days bookable again."""
    return API.done(200, door, call, "unblock_dates", None, owner_id=call.resident_id)


@API.route(
    "POST",
    f"{LISTING}/bookings",
    "Ask to borrow an item",
    201,
    bs.BookingRequested,
    body=bs.BookingRequest,
    limit="posting",
    description=(
        "A member asks for a period of a loan or a rental (half-days: from the afternoon of the"
        " first day, until noon on the last). 409 booking_overlaps names the dates it meets."
    ),
    refusals=(
        refusals.UNKNOWN_LISTING,
        exchange_refusals.NOT_BOOKABLE,
        refusals.LISTING_NOT_OPEN,
        refusals.OWN_LISTING,
        exchange_refusals.INVALID_PERIOD,
        refusals.INVALID_MESSAGE,
        exchange_refusals.TOO_MANY_BOOKINGS,
        exchange_refusals.DATES_BLOCKED,
        exchange_refusals.BOOKING_OVERLAPS,
    ),
)
def request_booking(door: Door, call: Call) -> Reply:
    """Ask the owner for these days."""
    body = call.body
    return API.done(
        201, door, call, "request_booking", bs.BookingRequested,
        borrower_id=call.resident_id, start=body["start"].isoformat(),
        end=body["end"].isoformat(), starts_afternoon=body["starts_afternoon"],
        ends_at_noon=body["ends_at_noon"], message=body["message"], **reading(call),
    )  # fmt: skip


@API.route(
    "POST",
    f"{BOOKING}/accept",
    "Accept a booking request",
    200,
    Positioned,
    description="The owner says yes; the dates stay held.",
    refusals=(
        exchange_refusals.UNKNOWN_BOOKING,
        refusals.NOT_THE_AUTHOR,
        exchange_refusals.BOOKING_NOT_PENDING,
    ),
)
def accept_booking(door: Door, call: Call) -> Reply:
    """Accept a booking request."""
    return API.done(
        200, door, call, "accept_booking", None, owner_id=call.resident_id, **reading(call)
    )


@API.route(
    "POST",
    f"{BOOKING}/decline",
    "Decline a booking request",
    200,
    Positioned,
    body=bs.Declining,
    description="The owner says no (a reason is optional); the dates are free again.",
    refusals=(
        exchange_refusals.UNKNOWN_BOOKING,
        refusals.NOT_THE_AUTHOR,
        exchange_refusals.BOOKING_NOT_PENDING,
        refusals.INVALID_REASON,
    ),
)
def decline_booking(door: Door, call: Call) -> Reply:
    """Decline a booking request."""
    return API.done(
        200,
        door,
        call,
        "decline_booking",
        None,
        owner_id=call.resident_id,
        reason=call.body["reason"],
        **reading(call),
    )


@API.route(
    "POST",
    f"{BOOKING}/cancel",
    "Cancel a booking",
    200,
    Positioned,
    body=bs.Cancelling,
    description="Either side, before the item is handed over; the reason is kept.",
    refusals=(
        exchange_refusals.UNKNOWN_BOOKING,
        exchange_refusals.BOOKING_NOT_CANCELLABLE,
        refusals.REASON_REQUIRED,
        refusals.INVALID_REASON,
    ),
)
def cancel_booking(door: Door, call: Call) -> Reply:
    """Cancel a booking."""
    return API.done(
        200,
        door,
        call,
        "cancel_booking",
        None,
        resident_id=call.resident_id,
        reason=call.body["reason"],
        **reading(call),
    )


@API.route(
    "POST",
    f"{BOOKING}/picked-up",
    "The item was handed over",
    200,
    Positioned,
    description="Either side, once the booking is accepted.",
    refusals=(
        exchange_refusals.UNKNOWN_BOOKING,
        exchange_refusals.BOOKING_NOT_ACCEPTED,
    ),
)
def booking_picked_up(door: Door, call: Call) -> Reply:
    """The item was handed over."""
    return API.done(
        200, door, call, "booking_picked_up", None, resident_id=call.resident_id, **reading(call)
    )


@API.route(
    "POST",
    f"{BOOKING}/returned",
    "The item is back",
    200,
    Positioned,
    description="The owner, once the item was handed over.",
    refusals=(
        exchange_refusals.UNKNOWN_BOOKING,
        refusals.NOT_THE_AUTHOR,
        exchange_refusals.BOOKING_NOT_PICKED_UP,
    ),
)
def booking_returned(door: Door, call: Call) -> Reply:
    """The item is back."""
    return API.done(
        200, door, call, "booking_returned", None, owner_id=call.resident_id, **reading(call)
    )


@API.route(
    "GET",
    "/me/bookings",
    "My bookings",
    200,
    bs.MyBookings,
    description="What I borrow and what is asked of my items, soonest first, with their states.",
)
def my_bookings(door: Door, call: Call) -> Reply:
    """My bookings, both sides."""
    return API.query(door, call, "my_bookings", bs.MyBookings)


@API.route(
    "POST",
    "/me/calendar-url",
    "Make a new calendar URL",
    201,
    bs.CalendarUrl,
    description="A new private URL of my calendar feed; the previous one stops working at once.",
)
def renew_calendar(door: Door, call: Call) -> Reply:
    """Replace my calendar URL (when it was shared by mistake)."""
    found = API.command(
        door.remote, call, "calendar_feed", resident_id=call.resident_id, renew=True
    )
    return Reply(201, {"calendar_url": found["calendar_url"], "position": found["position"]})


@API.route(
    "GET",
    "/me/calendar.ics",
    "My calendar feed (iCalendar)",
    200,
    None,
    query=bs.FeedQuery,
    auth=False,
    description=(
        "text/calendar: my bookings (either side) and my trips' seats, for a calendar"
        " application. Found by the private token of `calendar_url` alone, without a session."
    ),
    refusals=(exchange_refusals.UNKNOWN_CALENDAR,),
)
def calendar_ics(door: Door, call: Call) -> Reply:
    """The feed a calendar application subscribes to."""
    found = API.ask(
        door.remote, "calendar_ics", token=call.query["token"], language=call.query["lang"]
    )
    headers = {"Content-Type": ICS, "Cache-Control": "private, max-age=300"}
    return Reply(200, found["content"].encode("utf-8"), headers)


def calendar_url(remote: Remote, resident_id: str) -> dict[str, str | None]:
    """{calendar_url} for GET /me: made on first asking; None while the service is down."""
    found = API.unless_unavailable(
        remote,
        "calendar_feed",
        command_id=str(uuid.uuid5(_FEED, resident_id)),
        resident_id=resident_id,
    )
    return {"calendar_url": None if found is None else found["calendar_url"]}
