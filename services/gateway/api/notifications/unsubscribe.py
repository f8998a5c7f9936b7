"""One-click unsubscribe (RFC 8058): the link of an e-mail's List-Unsubscribe header, without
signing in. GET says what the link stops (for the web client's page); POST stops it."""

from __future__ import annotations

from contracts.notifications import refusals
from services.gateway.api.notifications import schemas as ns
from services.gateway.api.notifications.calls import API
from services.gateway.http.routing import Call, Door, Reply


@API.route(
    "GET",
    "/unsubscribe",
    "What an unsubscribe link stops",
    200,
    ns.Unsubscription,
    query=ns.UnsubscribeQuery,
    auth=False,
    limit="verification",
    refusals=(refusals.INVALID_UNSUBSCRIBE_LINK,),
)
def unsubscription(door: Door, call: Call) -> Reply:
    """The kind of e-mail the link names, and whether it is still sent."""
    found = API.ask(door.remote, "unsubscription", token=call.query["token"])
    return Reply(200, {"type": found["type"], "email": found["email"]})


@API.route(
    "POST",
    "/unsubscribe",
    "Unsubscribe in one click",
    200,
    ns.Unsubscribed,
    query=ns.UnsubscribeQuery,
    auth=False,
    limit="verification",
    description="From a mail client (List-Unsubscribe-Post) or the page: no sign-in needed.",
    refusals=(refusals.INVALID_UNSUBSCRIBE_LINK,),
)
def unsubscribe(door: Door, call: Call) -> Reply:
    """No more e-mails of this kind."""
    found = API.command(door.remote, call, "unsubscribe", token=call.query["token"])
    return Reply(200, {"type": found["type"], "position": found["position"]})
