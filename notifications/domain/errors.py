"""One exception per rule of the notifications context, each naming its refusal."""

from __future__ import annotations

from contracts.notifications import refusals
from contracts.refusals import Refused, rule


class NotificationsRefusal(Refused):
    """A command refused by a rule of the notifications context."""


UnknownNotification = rule(NotificationsRefusal, refusals.UNKNOWN_NOTIFICATION)
UnknownNotificationType = rule(NotificationsRefusal, refusals.UNKNOWN_NOTIFICATION_TYPE)
InvalidDigestHour = rule(NotificationsRefusal, refusals.INVALID_DIGEST_HOUR)
InvalidQuietHours = rule(NotificationsRefusal, refusals.INVALID_QUIET_HOURS)
InvalidTimeZone = rule(NotificationsRefusal, refusals.INVALID_TIME_ZONE)
InvalidUnsubscribeLink = rule(NotificationsRefusal, refusals.INVALID_UNSUBSCRIBE_LINK)
