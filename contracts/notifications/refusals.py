"""Why the notifications context refuses a request, each refusal declared once."""

from __future__ import annotations

from ..refusals import Refusal, declare
from .preferences import HOURS

UNKNOWN_NOTIFICATION = Refusal(
    "unknown_notification", 404, "No such notification.", client_code="not_found"
)
UNKNOWN_NOTIFICATION_TYPE = Refusal(
    "unknown_notification_type",
    422,
    "This kind of notification does not exist, or cannot be chosen.",
    field="types",
)
INVALID_DIGEST_HOUR = Refusal(
    "invalid_digest_hour",
    422,
    "Choose an hour from {min_hour} to {max_hour}.",
    field="digest_hour",
    limits={"min_hour": int(HOURS.min or 0), "max_hour": int(HOURS.max or 23)},
)
INVALID_QUIET_HOURS = Refusal(
    "invalid_quiet_hours",
    422,
    "Quiet hours start and end at two different times of day (HH:MM).",
    field="quiet_hours",
)
INVALID_TIME_ZONE = Refusal("invalid_time_zone", 422, "Unknown time zone.", field="time_zone")
INVALID_UNSUBSCRIBE_LINK = Refusal(
    "invalid_unsubscribe_link",
    404,
    "This unsubscribe link is not valid.",
    client_code="not_found",
)

REFUSALS = declare(
    UNKNOWN_NOTIFICATION,
    UNKNOWN_NOTIFICATION_TYPE,
    INVALID_DIGEST_HOUR,
    INVALID_QUIET_HOURS,
    INVALID_TIME_ZONE,
    INVALID_UNSUBSCRIBE_LINK,
)
