"""The API's routes about a neighbourhood's moderators: the founder appoints and dismisses them,
and a member accepts or declines the moderator role a leaving founder offered. Plain functions in
neighbourhoods' route table (api/neighbourhoods/__init__.py). Every command answers its
`position`."""

from __future__ import annotations

from contracts.neighbourhoods import refusals
from contracts.refusals import Refusal
from services.gateway.api.neighbourhoods import schemas as hood
from services.gateway.api.neighbourhoods.calls import API, positioned
from services.gateway.api.neighbourhoods.members import HOOD
from services.gateway.http import schemas
from services.gateway.http.routing import Call, Door, Reply

TARGET_NOT_MODERATOR = Refusal(
    "not_a_moderator", 404, "This resident is not a moderator here.", client_code="not_found"
)


@API.route(
    "POST",
    f"{HOOD}/moderators",
    "Appoint a moderator (the founder)",
    201,
    schemas.Positioned,
    body=hood.ModeratorAppointment,
    description="403 not_the_founder; 409 already_moderator; "
    "422 the resident is not a member (fields.resident_id).",
    refusals=(
        refusals.NOT_THE_FOUNDER,
        refusals.ALREADY_MODERATOR,
    ),
)
def neighbourhood_appoint_moderator(door: Door, call: Call) -> Reply:
    """The founder makes a member a moderator."""
    not_member = Refusal("not_a_member", 422, "This resident is not a member.", "resident_id")
    return positioned(
        201,
        door.remote,
        call,
        "appoint_moderator",
        here={"not_a_member": not_member},
        founder_id=call.resident_id,
        resident_id=str(call.body["resident_id"]),
    )


@API.route(
    "DELETE",
    f"{HOOD}/moderators/<uuid:resident_id>",
    "Dismiss a moderator (the founder)",
    200,
    schemas.Positioned,
    body=hood.ModeratorDismissal,
    description="JSON body {reason}. 404 when the resident is not a moderator.",
    refusals=(
        refusals.NOT_THE_FOUNDER,
        refusals.CANNOT_DISMISS_FOUNDER,
        refusals.REASON_REQUIRED,
        refusals.NOTE_TOO_LONG,
    ),
)
def neighbourhood_dismiss_moderator(door: Door, call: Call) -> Reply:
    """The founder takes the moderator role back, saying why."""
    return positioned(
        200,
        door.remote,
        call,
        "dismiss_moderator",
        here={"not_a_moderator": TARGET_NOT_MODERATOR},
        founder_id=call.resident_id,
        resident_id=str(call.path["resident_id"]),
        reason=call.body["reason"],
    )


accept_offer = API.step(
    "POST",
    f"{HOOD}/moderator-offer/accept",
    "Accept the moderator role offered to me",
    200,
    schemas.Positioned,
    "accept_moderator_role",
    refusals=(refusals.NO_MODERATOR_ROLE_OFFERED,),
)


decline_offer = API.step(
    "POST",
    f"{HOOD}/moderator-offer/decline",
    "Decline the moderator role offered to me",
    200,
    schemas.Positioned,
    "decline_moderator_role",
    description="The offer goes to the next longest-standing member.",
    refusals=(refusals.NO_MODERATOR_ROLE_OFFERED,),
)
