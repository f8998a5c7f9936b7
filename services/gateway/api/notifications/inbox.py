"""The inbox's routes: my notifications by pages, the unread count, marking read."""

from __future__ import annotations

from contracts.notifications import refusals
from services.gateway.api.notifications import schemas as ns
from services.gateway.api.notifications.calls import API
from services.gateway.http.routing import Call, Door, Reply


@API.route(
    "GET",
    "/notifications",
    "My notifications",
    200,
    ns.Notifications,
    query=ns.InboxQuery,
    description="Newest first; `unread=true` for the unread ones only.",
)
def notifications(door: Door, call: Call) -> Reply:
    """What I was told."""
    query = call.query
    asked = {"unread": bool(query.get("unread")), "limit": query.get("limit", 20)}
    if query.get("cursor"):
        asked["cursor"] = str(query["cursor"])
    return API.query(door, call, "inbox", ns.Notifications, viewer="resident_id", **asked)


@API.route("GET", "/notifications/unread-count", "How many are unread", 200, ns.UnreadCount)
def unread_count(door: Door, call: Call) -> Reply:
    """The badge's number."""
    return API.query(door, call, "unread_count", ns.UnreadCount, viewer="resident_id")


mark_read = API.step(
    "POST",
    "/notifications/<uuid:notification_id>/read",
    "Mark a notification read",
    200,
    ns.Marked,
    refusals=(refusals.UNKNOWN_NOTIFICATION,),
    command="mark_read",
    reads=True,
)


mark_all_read = API.step(
    "POST",
    "/notifications/read-all",
    "Mark every notification read",
    200,
    ns.Marked,
    command="mark_all_read",
)
