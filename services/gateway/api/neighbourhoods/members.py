"""The API's routes about who belongs to a neighbourhood: joining, leaving, removal by a
moderator and asking to come back (the founder's moderators: moderators.py). Plain functions in
neighbourhoods' route table (api/neighbourhoods/__init__.py). Every command answers its `position`.

A DELETE that carries a reason (removing a member, dismissing a moderator) takes it as a JSON
body: a reason about a person does not belong in a URL, which proxies and browsers keep.
"""

from __future__ import annotations

from contracts.neighbourhoods import refusals
from contracts.refusals import Refusal
from services.gateway.api.neighbourhoods import schemas as hood
from services.gateway.api.neighbourhoods.calls import API, positioned
from services.gateway.http import schemas
from services.gateway.http.routing import Call, Door, Reply

HOOD = "/neighbourhoods/<uuid:neighbourhood_id>"


# Where a code is about the resident the path or body names, not about the caller.
TARGET_NOT_MEMBER = Refusal(
    "not_a_member",
    404,
    "This resident is not a member of this neighbourhood.",
    client_code="not_found",
)


join = API.step(
    "POST",
    f"{HOOD}/members",
    "Join a neighbourhood",
    201,
    schemas.Positioned,
    "join",
    reads=True,
    limit="posting",
    description=(
        "My verified home must lie inside. Pass ?after=<position of my address' "
        "verification> right after verifying."
    ),
    refusals=(
        refusals.NOT_VERIFIED,
        refusals.REJOIN_NEEDS_APPROVAL,
        refusals.ALREADY_MEMBER,
        refusals.TOO_MANY_NEIGHBOURHOODS,
        refusals.JOIN_WAS_CANCELLED,
        refusals.HOME_OUTSIDE_BOUNDARY,
    ),
)


@API.route(
    "DELETE",
    f"{HOOD}/members/me",
    "Leave a neighbourhood",
    200,
    schemas.Positioned,
    refusals=(refusals.NOT_A_MEMBER,),
)
def neighbourhood_leave(door: Door, call: Call) -> Reply:
    """Stop being a member."""
    return _leave(door, call)


@API.route(
    "DELETE",
    f"{HOOD}/members/<uuid:resident_id>",
    "Remove a member (moderators), or leave (my own id)",
    200,
    schemas.Positioned,
    body=hood.MemberRemoval,
    limit="posting",
    description=(
        "JSON body {reason}: the member reads it, the moderation log keeps it. A "
        "moderator is removed by the founder only; 404 when the resident is not a member. "
        "My own id means leaving, as DELETE .../members/me: nothing goes to the moderation "
        "log and the reason is not kept (docs/decisions/0013)."
    ),
    refusals=(
        refusals.NOT_A_MODERATOR,
        refusals.NOT_THE_FOUNDER,
        refusals.CANNOT_REMOVE_FOUNDER,
        refusals.REASON_REQUIRED,
        refusals.NOTE_TOO_LONG,
    ),
)
def neighbourhood_remove_member(door: Door, call: Call) -> Reply:
    """A moderator removes a member, saying why."""
    member = str(call.path["resident_id"])
    if member == call.resident_id:
        return _leave(door, call)
    return positioned(
        200,
        door.remote,
        call,
        "remove_member",
        here={"not_a_member": TARGET_NOT_MEMBER},
        moderator_id=call.resident_id,
        resident_id=member,
        reason=call.body["reason"],
    )


def _leave(door: Door, call: Call) -> Reply:
    return positioned(200, door.remote, call, "leave", resident_id=call.resident_id)


@API.route(
    "POST",
    f"{HOOD}/rejoin-requests",
    "Ask to rejoin after a removal",
    201,
    schemas.Positioned,
    body=hood.RejoinRequest,
    limit="posting",
    description="JSON body {message?} ({} is enough).",
    refusals=(
        refusals.NOT_REMOVED,
        refusals.ALREADY_MEMBER,
        refusals.NOTE_TOO_LONG,
    ),
)
def neighbourhood_request_rejoin(door: Door, call: Call) -> Reply:
    """A removed resident asks the moderators to let them back in."""
    return positioned(
        201,
        door.remote,
        call,
        "request_rejoin",
        fields={"reason": "message"},
        resident_id=call.resident_id,
        message=call.body.get("message"),
    )


approve_rejoin = API.step(
    "POST",
    f"{HOOD}/rejoin-requests/<uuid:resident_id>/approve",
    "Let a removed resident rejoin (moderators)",
    200,
    schemas.Positioned,
    "approve_rejoin",
    actor="moderator_id",
    description="The resident may then join again.",
    refusals=(
        refusals.NOT_A_MODERATOR,
        refusals.NO_REJOIN_REQUEST,
    ),
)


# Moderators
