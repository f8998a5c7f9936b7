"""The API's routes for the bookings of a loan or a rental: an item's availability and the
owner's blocked dates, requesting a booking, answering, cancelling, handing over and returning
it, my bookings, and my calendar as a private iCalendar URL (GET /me shows it as
`calendar_url`; POST /me/calendar-url makes a new one, and the old one stops working).
"""

from __future__ import annotations

import uuid

from contracts.listings import exchange_refusals, refusals
from services.gateway.api.listings import booking_schemas as bs
from services.gateway.api.listings.calls import API, LISTING
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


block_dates = API.step(
    "POST",
    f"{LISTING}/availability/blocks",
    "Block dates of my item",
    201,
    bs.Blocked,
    "block_dates",
    actor="owner_id",
    passes=("start", "end", "reason"),
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
unblock_dates = API.step(
    "DELETE",
    f"{LISTING}/availability/blocks/<uuid:block_id>",
    "Unblock dates of my item",
    200,
    Positioned,
    "unblock_dates",
    actor="owner_id",
    refusals=(exchange_refusals.UNKNOWN_BLOCK, refusals.NOT_THE_AUTHOR),
)
request_booking = API.step(
    "POST",
    f"{LISTING}/bookings",
    "Ask to borrow an item",
    201,
    bs.BookingRequested,
    "request_booking",
    actor="borrower_id",
    passes=("start", "end", "starts_afternoon", "ends_at_noon", "message"),
    reads=True,
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
# A booking's steps: (path, summary, command, who does it, body, description, refusals).
STEPS = (
    ("accept", "Accept a booking request", "accept_booking", "owner_id", None,
     "The owner says yes; the dates stay held.",
     (exchange_refusals.UNKNOWN_BOOKING, refusals.NOT_THE_AUTHOR,
      exchange_refusals.BOOKING_NOT_PENDING)),
    ("decline", "Decline a booking request", "decline_booking", "owner_id", bs.Declining,
     "The owner says no (a reason is optional); the dates are free again.",
     (exchange_refusals.UNKNOWN_BOOKING, refusals.NOT_THE_AUTHOR,
      exchange_refusals.BOOKING_NOT_PENDING, refusals.INVALID_REASON)),
    ("cancel", "Cancel a booking", "cancel_booking", "resident_id", bs.Cancelling,
     "Either side, before the item is handed over; the reason is kept.",
     (exchange_refusals.UNKNOWN_BOOKING, exchange_refusals.BOOKING_NOT_CANCELLABLE,
      refusals.REASON_REQUIRED, refusals.INVALID_REASON)),
    ("picked-up", "The item was handed over", "booking_picked_up", "resident_id", None,
     "Either side, once the booking is accepted.",
     (exchange_refusals.UNKNOWN_BOOKING, exchange_refusals.BOOKING_NOT_ACCEPTED)),
    ("returned", "The item is back", "booking_returned", "owner_id", None,
     "The owner, once the item was handed over.",
     (exchange_refusals.UNKNOWN_BOOKING, refusals.NOT_THE_AUTHOR,
      exchange_refusals.BOOKING_NOT_PICKED_UP)),
)  # fmt: skip
BOOKING_STEPS = tuple(
    API.step(
        "POST", f"{BOOKING}/{path}", summary, 200, Positioned, command, actor=actor,
        passes=("reason",) if body else (), reads=True, body=body, description=description,
        refusals=refused,
    )
    for path, summary, command, actor, body, description, refused in STEPS
)  # fmt: skip


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
