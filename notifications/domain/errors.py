"""One exception per rule of the notifications context, each naming its refusal."""

from __future__ import annotations

from contracts.notifications import refusals
from contracts.refusals import Refusal


class NotificationsRefusal(Exception):
    refusal: Refusal


class UnknownNotification(NotificationsRefusal):
    refusal = refusals.UNKNOWN_NOTIFICATION


class UnknownNotificationType(NotificationsRefusal):
    refusal = refusals.UNKNOWN_NOTIFICATION_TYPE


class InvalidDigestHour(NotificationsRefusal):
    refusal = refusals.INVALID_DIGEST_HOUR


class InvalidQuietHours(NotificationsRefusal):
    refusal = refusals.INVALID_QUIET_HOURS


class InvalidTimeZone(NotificationsRefusal):
    refusal = refusals.INVALID_TIME_ZONE


class InvalidUnsubscribeLink(NotificationsRefusal):
    refusal = refusals.INVALID_UNSUBSCRIBE_LINK
