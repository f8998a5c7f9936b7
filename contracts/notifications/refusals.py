"""Why the notifications context refuses a request, each refusal declared once."""

from __future__ import annotations

from ..refusals import gathered, invalid, missing
from .preferences import HOURS

UNKNOWN_NOTIFICATION = missing("unknown_notification", "No such notification.")
UNKNOWN_NOTIFICATION_TYPE = invalid(
    "unknown_notification_type",
    "types",
    "This kind of notification does not exist, or cannot be chosen.",
)
INVALID_DIGEST_HOUR = invalid(
    "invalid_digest_hour",
    "digest_hour",
    "Choose an hour from {min_hour} to {max_hour}.",
    limits={"min_hour": int(HOURS.min or 0), "max_hour": int(HOURS.max or 23)},
)
INVALID_QUIET_HOURS = invalid(
    "invalid_quiet_hours",
    "quiet_hours",
    "Quiet hours start and end at two different times of day (HH:MM).",
)
INVALID_TIME_ZONE = invalid("invalid_time_zone", "time_zone", "Unknown time zone.")
INVALID_UNSUBSCRIBE_LINK = missing(
    "invalid_unsubscribe_link", "This unsubscribe link is not valid."
)

REFUSALS = gathered(globals())
