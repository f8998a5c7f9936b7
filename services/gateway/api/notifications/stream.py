"""GET /notifications/stream: my new notifications as Server-Sent Events, while my page is open.

The response is a generator the gateway's web server sends as it yields (no worker is held:
the route's worker returns at once). It asks the notifications service every POLL_SECONDS for
what came after the last one sent, so a notification shows within about a second of its
event; sends a comment every HEARTBEAT_SECONDS so that proxies keep the connection; and ends
after LIFETIME_SECONDS, when the browser's EventSource reconnects on its own (after `retry`
milliseconds) with the Last-Event-ID it was sent last: nothing is lost or sent twice, since an
event's id is the notification's id, which names the same place in my inbox whichever build of
the inbox answers (a replay's switch-over included). Without Last-Event-ID, the stream starts
from now. A service that does not answer ends the stream; the browser reconnects.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from typing import Any

import eventlet

from services.gateway.api.notifications.calls import API
from services.gateway.api.notifications.schemas import CURSOR
from services.gateway.http.errors import ApiError
from services.gateway.http.routing import Call, Door, Reply
from services.gateway.remote import Remote

POLL_SECONDS = 0.25
HEARTBEAT_SECONDS = 15.0
LIFETIME_SECONDS = 300.0
RETRY_MS = 1000


def _last_seen(call: Call) -> str | None:
    given = call.headers.get("Last-Event-ID", "")
    return given if re.fullmatch(CURSOR, given) else None


@API.route(
    "GET",
    "/notifications/stream",
    "My new notifications, live",
    200,
    None,
    description=(
        "text/event-stream: `notification` events (data: a notification, id: its id) and "
        "`unread` events (data: {count}); resumes after Last-Event-ID. Without "
        "`Accept: text/event-stream`, what is there now, then the answer ends."
    ),
)
def stream(door: Door, call: Call) -> Reply:
    """Server-Sent Events of my notifications."""
    resident = call.resident_id
    remote = door.remote
    since = API.ask(remote, "since", resident_id=resident, cursor=_last_seen(call))
    headers = {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-store",
        "X-Accel-Buffering": "no",
    }
    # Only a client asking for a stream (EventSource does) keeps the connection: any other
    # gets what is there now, and the answer ends.
    live = "text/event-stream" in call.headers.get("Accept", "")
    return Reply(200, events(remote, resident, since, live), headers)


def events(
    remote: Remote, resident: str, first: dict[str, Any], live: bool = True
) -> Iterator[bytes]:
    yield f"retry: {RETRY_MS}\n\n".encode()
    # Where the service says the items follow: the Last-Event-ID, or now when it names nothing.
    last = str(first["after"])
    unread = None
    answer = first
    started = beat = time.monotonic()
    while True:
        for item in answer["items"]:  # oldest first: the last one is where to resume
            last = str(item["notification_id"])
            yield _event("notification", _shown(item), last)
        if answer["unread"] != unread:
            unread = answer["unread"]
            yield _event("unread", {"count": unread}, last)
        now = time.monotonic()
        if not live or now - started >= LIFETIME_SECONDS:
            return
        if now - beat >= HEARTBEAT_SECONDS:
            beat = now
            yield b": keep-alive\n\n"
        eventlet.sleep(POLL_SECONDS)
        try:
            answer = API.ask(remote, "since", resident_id=resident, cursor=last)
        except ApiError:
            return


def _shown(item: dict[str, Any]) -> dict[str, Any]:
    keep = ("notification_id", "type", "params", "link", "read", "created_at")
    return {k: item[k] for k in keep}


def _event(name: str, data: Any, event_id: str) -> bytes:
    return f"id: {event_id}\nevent: {name}\ndata: {json.dumps(data)}\n\n".encode()
