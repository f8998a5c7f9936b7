"""Why the listings context refuses a command, each refusal declared once
(contracts/refusals.py): its code, HTTP status, field, details and limits, read by the domain
errors, the service's door, the gateway, the OpenAPI document and the web client.

A listing the asker may not see answers `unknown_listing` (404), exactly as one that does not
exist, so that its existence is not revealed; a member of none of its neighbourhoods learns
nothing more.
"""

from __future__ import annotations

from ..neighbourhoods.refusals import NOT_A_MEMBER as NOT_A_MEMBER  # the same rule, said once
from ..neighbourhoods.refusals import NOT_A_MODERATOR as NOT_A_MODERATOR
from ..refusals import REASON_REQUIRED as REASON_REQUIRED
from ..refusals import Refusal, declare
from .authors import ALERTS_PER_DAY, LISTINGS_PER_DAY
from .bookings import MAX_AHEAD_DAYS, MAX_BOOKING_DAYS, MAX_OPEN_BOOKINGS
from .categories import MAX_QUANTITY, MAX_SEATS
from .listings import MAX_DESCRIPTION, MAX_PHOTOS, MAX_TITLE, MIN_TITLE
from .moderation import MAX_REASON
from .photos import FULL_SIZE_PX, MAX_PIXELS, MAX_UPLOAD_BYTES, THUMBNAIL_PX
from .responses import MAX_MESSAGE, MAX_OFFER
from .trips import MAX_CANCEL_REASON, MAX_PICKUP

MAX_EXPIRY_DAYS = 90
DEFAULT_EXPIRY_DAYS = 30
ALERT_EXPIRY_HOURS = 48

UNKNOWN_LISTING = Refusal("unknown_listing", 404, "No such listing.", client_code="not_found")
UNKNOWN_RESPONSE = Refusal(
    "unknown_response", 404, "No such response to this listing.", client_code="not_found"
)
UNKNOWN_PHOTO = Refusal("unknown_photo", 404, "No such photo.", client_code="not_found")
PHOTO_NOT_YOURS = Refusal(
    "photo_not_yours",
    422,
    "Attach only photos you uploaded.",
    field="photos",
)
INVALID_TITLE = Refusal(
    "invalid_title",
    422,
    "A title has {min_length} to {max_length} characters.",
    field="title",
    limits={"min_length": MIN_TITLE, "max_length": MAX_TITLE},
)
INVALID_LISTING_DESCRIPTION = Refusal(
    "invalid_listing_description",
    422,
    "A description has at most {max_length} characters.",
    field="description",
    limits={"max_length": MAX_DESCRIPTION},
)
TOO_MANY_PHOTOS = Refusal(
    "too_many_photos",
    422,
    "A listing has at most {max_photos} photos.",
    field="photos",
    limits={"max_photos": MAX_PHOTOS},
)
INVALID_DETAILS = Refusal(
    "invalid_details",
    422,
    "These details do not fit the category.",
    field="details",
    details=("fields",),
)
KIND_NOT_IN_CATEGORY = Refusal(
    "kind_not_in_category",
    422,
    "This category has no listing of this kind.",
    field="kind",
)
INVALID_EXPIRY = Refusal(
    "invalid_expiry",
    422,
    "A listing expires in the future, within {max_days} days.",
    field="expires_at",
    limits={"max_days": MAX_EXPIRY_DAYS},
)
TOO_MANY_LISTINGS = Refusal(
    "too_many_listings",
    429,
    "You may publish at most {per_day} listings a day.",
    details=("resets_at", "retry_after_seconds"),
    limits={"per_day": LISTINGS_PER_DAY},
    explained="You may publish at most {per_day} listings a day: try again after {resets_at}.",
)
TOO_MANY_ALERTS = Refusal(
    "too_many_alerts",
    429,
    "You may publish at most {per_day} alerts a day in one neighbourhood.",
    details=("resets_at", "retry_after_seconds"),
    limits={"per_day": ALERTS_PER_DAY},
    explained=(
        "You may publish at most {per_day} alerts a day in one neighbourhood:"
        " try again after {resets_at}."
    ),
)
NOT_THE_AUTHOR = Refusal("not_the_author", 403, "Only the listing's author may do this.")
LISTING_NOT_OPEN = Refusal("listing_not_open", 409, "This listing is not open.")
LISTING_ALREADY_OPEN = Refusal("listing_already_open", 409, "This listing is open already.")
LISTING_REMOVED = Refusal(
    "listing_removed", 409, "A moderator removed this listing: it cannot change any more."
)
OWN_LISTING = Refusal("own_listing", 409, "This is your own listing.")
ALREADY_RESPONDED = Refusal("already_responded", 409, "You have responded to this listing already.")
INVALID_MESSAGE = Refusal(
    "invalid_message",
    422,
    "A message has 1 to {max_length} characters.",
    field="message",
    limits={"max_length": MAX_MESSAGE},
)
RESPONDER_ALREADY_CHOSEN = Refusal(
    "responder_already_chosen", 409, "You went ahead with this responder already."
)
ALREADY_REPORTED = Refusal("already_reported", 409, "You have reported this listing already.")
INVALID_REASON = Refusal(
    "invalid_reason",
    422,
    "A reason has 1 to {max_length} characters.",
    field="reason",
    limits={"max_length": MAX_REASON},
)
LISTING_NOT_HIDDEN = Refusal(
    "listing_not_hidden", 409, "This listing is not hidden: there is nothing to restore."
)
PHOTO_TOO_LARGE = Refusal(
    "photo_too_large",
    413,
    "A photo file has at most {max_bytes} bytes.",
    field="file",
    limits={"max_bytes": MAX_UPLOAD_BYTES},
)
INVALID_PHOTO = Refusal(
    "invalid_photo",
    422,
    "This file is not a photo we can read (JPEG, PNG, WebP or HEIC).",
    field="file",
    details=("reason",),
    limits={
        "max_pixels": MAX_PIXELS,
        "full_size_px": FULL_SIZE_PX,
        "thumbnail_px": THUMBNAIL_PX,
    },
)

# Bookings of a loan or a rental (contracts/listings/bookings.py).
UNKNOWN_BOOKING = Refusal(
    "unknown_booking", 404, "No such booking of yours.", client_code="not_found"
)
UNKNOWN_BLOCK = Refusal("unknown_block", 404, "No such blocked period.", client_code="not_found")
NOT_BOOKABLE = Refusal("not_bookable", 409, "Only a loan or a rental offer can be booked.")
INVALID_PERIOD = Refusal(
    "invalid_period",
    422,
    "A period ends on or after its start, starts today or within {max_ahead_days} days, and"
    " lasts at most {max_days} days.",
    field="end",
    limits={"max_days": MAX_BOOKING_DAYS, "max_ahead_days": MAX_AHEAD_DAYS},
)
BOOKING_OVERLAPS = Refusal(
    "booking_overlaps",
    409,
    "These dates overlap another booking of this item.",
    details=("start", "end"),
    explained="These dates overlap another booking of this item, from {start} to {end}.",
)
DATES_BLOCKED = Refusal(
    "dates_blocked",
    409,
    "The owner keeps this item on some of these dates.",
    details=("start", "end"),
    explained="The owner keeps this item from {start} to {end}.",
)
TOO_MANY_BOOKINGS = Refusal(
    "too_many_bookings",
    409,
    "You may hold at most {max_open} open bookings of one item.",
    limits={"max_open": MAX_OPEN_BOOKINGS},
)
BOOKING_NOT_PENDING = Refusal("booking_not_pending", 409, "This booking was answered already.")
BOOKING_NOT_CANCELLABLE = Refusal(
    "booking_not_cancellable", 409, "Only a booking not picked up yet can be cancelled."
)
BOOKING_NOT_ACCEPTED = Refusal(
    "booking_not_accepted", 409, "Only an accepted booking can be picked up."
)
BOOKING_NOT_PICKED_UP = Refusal(
    "booking_not_picked_up", 409, "Only an item picked up can be returned."
)
UNKNOWN_CALENDAR = Refusal(
    "unknown_calendar", 404, "No calendar has this address.", client_code="not_found"
)


# Exchanges: seats on a trip, pledges to a group purchase, a giveaway's recipient, a barter.
EXCHANGE_NOT_OFFERED = Refusal(
    "exchange_not_offered", 409, "This listing does not take this kind of exchange."
)
TRIP_FULL = Refusal(
    "trip_full",
    409,
    "Not enough seats left on this date.",
    field="seats",
    details=("seats_left",),
    explained="Only {seats_left} seats left on this date.",
)
INVALID_SEATS = Refusal(
    "invalid_seats",
    422,
    "Book 1 to {max_seats} seats.",
    field="seats",
    limits={"max_seats": MAX_SEATS},
)
INVALID_PICKUP = Refusal(
    "invalid_pickup",
    422,
    "A pickup point has 1 to {max_length} characters.",
    field="pickup",
    limits={"max_length": MAX_PICKUP},
)
NO_DEPARTURE_ON_DATE = Refusal(
    "no_departure_on_date", 422, "This trip does not leave on this date.", field="date"
)
DEPARTURE_PASSED = Refusal("departure_passed", 409, "This departure has left already.")
OCCURRENCE_CANCELLED = Refusal(
    "occurrence_cancelled", 409, "The driver cancelled this date.", field="date"
)
TRIP_CANCELLED = Refusal("trip_cancelled", 409, "The driver cancelled this trip.")
SEAT_ALREADY_BOOKED = Refusal(
    "seat_already_booked", 409, "You have a seat on this date already.", field="date"
)
UNKNOWN_SEAT = Refusal("unknown_seat", 404, "No such seat.", client_code="not_found")
NOT_YOUR_SEAT = Refusal(
    "not_your_seat", 403, "Only the passenger or the driver may cancel this seat."
)
SEAT_ALREADY_CANCELLED = Refusal("seat_already_cancelled", 409, "This seat is cancelled already.")
INVALID_CANCEL_REASON = Refusal(
    "invalid_cancel_reason",
    422,
    "A reason has 1 to {max_length} characters.",
    field="reason",
    limits={"max_length": MAX_CANCEL_REASON},
)
INVALID_QUANTITY = Refusal(
    "invalid_quantity",
    422,
    "Pledge 1 to {max_quantity} units.",
    field="quantity",
    limits={"max_quantity": MAX_QUANTITY},
)
PLEDGES_CLOSED = Refusal("pledges_closed", 409, "The deadline of this group purchase has passed.")
PURCHASE_CONFIRMED = Refusal(
    "purchase_confirmed",
    409,
    "The purchase is confirmed: pledges may grow, but no longer shrink or be withdrawn.",
)
NO_PLEDGE = Refusal("no_pledge", 404, "You have no pledge on this purchase.")
RECIPIENT_ALREADY_CHOSEN = Refusal(
    "recipient_already_chosen", 409, "This listing is reserved for someone already."
)
FIRST_COME_GIVEAWAY = Refusal(
    "first_come_giveaway", 409, "This giveaway goes to its first responder: nobody picks."
)
INVALID_OFFER = Refusal(
    "invalid_offer",
    422,
    "Say what you offer in exchange, in 1 to {max_length} characters.",
    field="offer",
    limits={"max_length": MAX_OFFER},
)


REFUSALS = declare(
    NOT_A_MEMBER,
    NOT_A_MODERATOR,
    REASON_REQUIRED,
    UNKNOWN_LISTING,
    UNKNOWN_RESPONSE,
    UNKNOWN_PHOTO,
    PHOTO_NOT_YOURS,
    INVALID_TITLE,
    INVALID_LISTING_DESCRIPTION,
    TOO_MANY_PHOTOS,
    INVALID_DETAILS,
    KIND_NOT_IN_CATEGORY,
    INVALID_EXPIRY,
    TOO_MANY_LISTINGS,
    TOO_MANY_ALERTS,
    NOT_THE_AUTHOR,
    LISTING_NOT_OPEN,
    LISTING_ALREADY_OPEN,
    LISTING_REMOVED,
    OWN_LISTING,
    ALREADY_RESPONDED,
    INVALID_MESSAGE,
    RESPONDER_ALREADY_CHOSEN,
    ALREADY_REPORTED,
    INVALID_REASON,
    LISTING_NOT_HIDDEN,
    PHOTO_TOO_LARGE,
    INVALID_PHOTO,
    UNKNOWN_BOOKING,
    UNKNOWN_BLOCK,
    NOT_BOOKABLE,
    INVALID_PERIOD,
    BOOKING_OVERLAPS,
    DATES_BLOCKED,
    TOO_MANY_BOOKINGS,
    BOOKING_NOT_PENDING,
    BOOKING_NOT_CANCELLABLE,
    BOOKING_NOT_ACCEPTED,
    BOOKING_NOT_PICKED_UP,
    UNKNOWN_CALENDAR,
    EXCHANGE_NOT_OFFERED,
    TRIP_FULL,
    INVALID_SEATS,
    INVALID_PICKUP,
    NO_DEPARTURE_ON_DATE,
    DEPARTURE_PASSED,
    OCCURRENCE_CANCELLED,
    TRIP_CANCELLED,
    SEAT_ALREADY_BOOKED,
    UNKNOWN_SEAT,
    NOT_YOUR_SEAT,
    SEAT_ALREADY_CANCELLED,
    INVALID_CANCEL_REASON,
    INVALID_QUANTITY,
    PLEDGES_CLOSED,
    PURCHASE_CONFIRMED,
    NO_PLEDGE,
    RECIPIENT_ALREADY_CHOSEN,
    FIRST_COME_GIVEAWAY,
    INVALID_OFFER,
)
