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
from ..refusals import Refusal, conflict, forbidden, gathered, invalid, missing, too_long
from .authors import ALERTS_PER_DAY, LISTINGS_PER_DAY
from .exchange_refusals import REFUSALS as EXCHANGE_REFUSALS
from .listings import MAX_DESCRIPTION, MAX_PHOTOS, MAX_TITLE, MIN_TITLE
from .moderation import MAX_REASON
from .photos import FULL_SIZE_PX, MAX_PIXELS, MAX_UPLOAD_BYTES, THUMBNAIL_PX
from .responses import MAX_MESSAGE

MAX_EXPIRY_DAYS = 90
DEFAULT_EXPIRY_DAYS = 30
ALERT_EXPIRY_HOURS = 48

UNKNOWN_LISTING = missing("unknown_listing", "No such listing.")
UNKNOWN_RESPONSE = missing("unknown_response", "No such response to this listing.")
UNKNOWN_PHOTO = missing("unknown_photo", "No such photo.")
PHOTO_NOT_YOURS = invalid("photo_not_yours", "photos", "Attach only photos you uploaded.")
INVALID_TITLE = invalid(
    "invalid_title",
    "title",
    "A title has {min_length} to {max_length} characters.",
    limits={"min_length": MIN_TITLE, "max_length": MAX_TITLE},
)
INVALID_LISTING_DESCRIPTION = too_long(
    "invalid_listing_description",
    "description",
    "A description has at most {max_length} characters.",
    MAX_DESCRIPTION,
)
TOO_MANY_PHOTOS = invalid(
    "too_many_photos",
    "photos",
    "A listing has at most {max_photos} photos.",
    limits={"max_photos": MAX_PHOTOS},
)
INVALID_DETAILS = invalid(
    "invalid_details", "details", "These details do not fit the category.", details=("fields",)
)
KIND_NOT_IN_CATEGORY = invalid(
    "kind_not_in_category", "kind", "This category has no listing of this kind."
)
INVALID_EXPIRY = invalid(
    "invalid_expiry",
    "expires_at",
    "A listing expires in the future, within {max_days} days.",
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
NOT_THE_AUTHOR = forbidden("not_the_author", "Only the listing's author may do this.")
LISTING_NOT_OPEN = conflict("listing_not_open", "This listing is not open.")
LISTING_ALREADY_OPEN = conflict("listing_already_open", "This listing is open already.")
LISTING_REMOVED = conflict(
    "listing_removed", "A moderator removed this listing: it cannot change any more."
)
OWN_LISTING = conflict("own_listing", "This is your own listing.")
ALREADY_RESPONDED = conflict("already_responded", "You have responded to this listing already.")
INVALID_MESSAGE = too_long(
    "invalid_message", "message", "A message has 1 to {max_length} characters.", MAX_MESSAGE
)
RESPONDER_ALREADY_CHOSEN = conflict(
    "responder_already_chosen", "You went ahead with this responder already."
)
ALREADY_REPORTED = conflict("already_reported", "You have reported this listing already.")
INVALID_REASON = too_long(
    "invalid_reason", "reason", "A reason has 1 to {max_length} characters.", MAX_REASON
)
LISTING_NOT_HIDDEN = conflict(
    "listing_not_hidden", "This listing is not hidden: there is nothing to restore."
)
PHOTO_TOO_LARGE = Refusal(
    "photo_too_large",
    413,
    "A photo file has at most {max_bytes} bytes.",
    field="file",
    limits={"max_bytes": MAX_UPLOAD_BYTES},
)
INVALID_PHOTO = invalid(
    "invalid_photo",
    "file",
    "This file is not a photo we can read (JPEG, PNG, WebP or HEIC).",
    details=("reason",),
    limits={
        "max_pixels": MAX_PIXELS,
        "full_size_px": FULL_SIZE_PX,
        "thumbnail_px": THUMBNAIL_PX,
    },
)

REFUSALS = gathered(globals()) | EXCHANGE_REFUSALS
