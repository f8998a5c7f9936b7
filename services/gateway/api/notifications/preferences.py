"""My notification preferences: per type and channel, e-mail frequency, digest hour, quiet
hours in my time zone."""

from __future__ import annotations

from contracts.notifications import refusals
from services.gateway.api.notifications import schemas as ns
from services.gateway.api.notifications.calls import API
from services.gateway.http.routing import Call, Door, Reply


@API.route(
    "GET", "/me/notification-preferences", "My notification preferences", 200, ns.Preferences
)
def notification_preferences(door: Door, call: Call) -> Reply:
    """What I chose (the defaults until I choose)."""
    return API.query(door, call, "preferences", ns.Preferences, viewer="resident_id")


@API.route(
    "PUT",
    "/me/notification-preferences",
    "Choose my notification preferences",
    200,
    ns.Marked,
    body=ns.Preferences,
    description="The whole choice; types not named keep what they had.",
    refusals=(
        refusals.UNKNOWN_NOTIFICATION_TYPE,
        refusals.INVALID_DIGEST_HOUR,
        refusals.INVALID_QUIET_HOURS,
        refusals.INVALID_TIME_ZONE,
    ),
)
def choose_preferences(door: Door, call: Call) -> Reply:
    """Change what I am told, how and when."""
    body = call.body
    return API.done(
        200,
        door,
        call,
        "change_preferences",
        resident_id=call.resident_id,
        types=body["types"],
        email_frequency=body["email_frequency"],
        digest_hour=body["digest_hour"],
        quiet_hours=body["quiet_hours"],
        time_zone=body["time_zone"],
    )
