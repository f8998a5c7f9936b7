"""The API's neighbourhood routes: find, found, see and change a neighbourhood, its members and
its moderation log. Beside them in neighbourhoods' route table (api/neighbourhoods/__init__.py):
the membership and moderator routes (members.py) and the operators' boundary proposals (ops.py).

Every GET accepts ?after=<position>. Founding and joining need the caller's verified home as
the neighbourhoods service has heard of it: right after verifying, pass the position the
verification answered as ?after= to these commands too.
"""

from __future__ import annotations

from typing import Any

from contracts.neighbourhoods import refusals
from contracts.refusals import Refusal
from services.gateway.api.neighbourhoods import ops_schemas as ops
from services.gateway.api.neighbourhoods import schemas as hood
from services.gateway.api.neighbourhoods.calls import API, ask, command, reading
from services.gateway.api.neighbourhoods.members import HOOD
from services.gateway.api.neighbourhoods.schemas import shown
from services.gateway.http.routing import Call, Door, Reply

NOT_VERIFIED_HERE = Refusal(
    "not_verified", 403, "Verify your home address first, or give lat and lon."
)
MEMBERS_ONLY = "Members only."
LOG_ENTRIES = 200


@API.route(
    "GET",
    "/neighbourhoods",
    "Neighbourhoods around a place, or around my home",
    200,
    hood.NeighbourhoodsFound,
    query=hood.NeighbourhoodsAround,
    description=(
        "With ?lat=&lon=: around that place. Without: around my verified home (never shown)."
    ),
    refusals=(refusals.NOT_VERIFIED,),
)
def neighbourhoods_around(door: Door, call: Call) -> Reply:
    """The neighbourhoods holding a place (or my home), then those within 1 km."""
    asked = reading(call)
    if "lat" in call.query:
        place = {"lat": call.query["lat"], "lon": call.query["lon"]}
        found = ask(door.remote, "find", **place, **asked)
    else:
        found = ask(
            door.remote,
            "find_for_resident",
            here={"not_verified": NOT_VERIFIED_HERE},
            resident_id=call.resident_id,
            **asked,
        )
    return Reply(200, {"neighbourhoods": shown(hood.NeighbourhoodFound, found)})


@API.route(
    "POST",
    "/neighbourhoods",
    "Found a neighbourhood around my home",
    201,
    hood.NeighbourhoodCreated,
    body=hood.NeighbourhoodCreation,
    limit="posting",
    description=(
        "I become its founder and first member; right after verifying my address, pass "
        "?after=<the verification's position>."
    ),
    refusals=(
        refusals.NOT_VERIFIED,
        refusals.TOO_MANY_NEIGHBOURHOODS,
        refusals.HOME_OUTSIDE_BOUNDARY,
        refusals.INVALID_BOUNDARY,
        refusals.BOUNDARY_TOO_SMALL,
        refusals.BOUNDARY_TOO_LARGE,
        refusals.INVALID_NAME,
        refusals.INVALID_DESCRIPTION,
    ),
)
def neighbourhood_create(door: Door, call: Call) -> Reply:
    """Found a neighbourhood: its name, description and boundary, my home inside."""
    body = call.body
    return API.done(
        201,
        door,
        call,
        "create",
        hood.NeighbourhoodCreated,
        founder_id=call.resident_id,
        name=body["name"],
        description=body["description"],
        boundary=body["boundary"],
        **reading(call),
    )


@API.route(
    "GET",
    HOOD,
    "A neighbourhood",
    200,
    hood.Neighbourhood,
    description=(
        "A non-member sees its name, outline and member count (member: false); a member "
        "the rest; a moderator also the rejoin requests and the standing role offers."
    ),
)
def neighbourhood_get(door: Door, call: Call) -> Reply:
    """What I may see of a neighbourhood."""
    return API.query(door, call, "get", hood.Neighbourhood, viewer="viewer")


@API.route(
    "PATCH",
    HOOD,
    "Change a neighbourhood (founder and moderators)",
    200,
    ops.NeighbourhoodChanged,
    also=(202,),
    body=hood.NeighbourhoodChange,
    limit="posting",
    description=(
        "Any of name, description, boundary; `reason` goes with a boundary (moderation "
        "log). A boundary covering the current one applies at once (200, status "
        "applied); any other is proposed to the platform's operators (202, status "
        "proposed, proposal_id), whoever lives where: the answer never depends on "
        "members' homes. Every attempt is in the moderation log, a refused shape too; "
        "a neighbourhood has a few attempts a day (then 429 with "
        "Retry-After). The boundary is handled first: when it is refused, nothing "
        "changes."
    ),
    refusals=(
        refusals.NOT_A_MODERATOR,
        refusals.NOT_THE_FOUNDER,
        refusals.INVALID_BOUNDARY,
        refusals.BOUNDARY_TOO_SMALL,
        refusals.BOUNDARY_TOO_LARGE,
        refusals.TOO_MANY_BOUNDARY_ATTEMPTS,
        refusals.INVALID_DESCRIPTION,
    ),
)
def neighbourhood_change(door: Door, call: Call) -> Reply:
    """Rename, describe again or redraw a neighbourhood."""
    body, nid = call.body, str(call.path["neighbourhood_id"])
    common: dict[str, Any] = {"neighbourhood_id": nid, "actor_id": call.resident_id}
    answer: dict[str, Any] = {"position": None}
    if "boundary" in body:
        redrawn = ask(
            door.remote,
            "change_boundary",
            command_id=call.command_id("boundary"),
            boundary=body["boundary"],
            reason=body.get("reason"),
            **common,
        )
        answer = shown(ops.NeighbourhoodChanged, redrawn)
    if "name" in body:
        answer["position"] = command(
            door.remote, "rename", command_id=call.command_id("name"), name=body["name"], **common
        )
    if "description" in body:
        answer["position"] = command(
            door.remote,
            "change_description",
            command_id=call.command_id("description"),
            description=body["description"],
            **common,
        )
    return Reply(202 if answer.get("status") == "proposed" else 200, answer)


@API.route(
    "GET",
    f"{HOOD}/members",
    "A neighbourhood's members",
    200,
    hood.NeighbourhoodMembers,
    description=f"{MEMBERS_ONLY} Each address as its member discloses it.",
    refusals=(refusals.NOT_A_MEMBER,),
)
def neighbourhood_members(door: Door, call: Call) -> Reply:
    """Who lives in my neighbourhood, as each of them chose to show."""
    return API.query(
        door, call, "members", hood.NeighbourhoodMember, viewer="viewer", key="members"
    )


@API.route(
    "GET",
    f"{HOOD}/moderation-log",
    "A neighbourhood's moderation log",
    200,
    hood.ModerationLog,
    description=(
        f"{MEMBERS_ONLY} Newest first, at most {LOG_ENTRIES} entries, the listings' among "
        "them (`listing_id`). A reason written about a member is shown to that member and to "
        "moderators only (reason_withheld)."
    ),
    refusals=(refusals.NOT_A_MEMBER,),
)
def neighbourhood_moderation_log(door: Door, call: Call) -> Reply:
    """Who decided what, about whom, why and when; the listings' steps among them."""
    nid, asked = str(call.path["neighbourhood_id"]), reading(call)
    found = ask(
        door.remote, "moderation_log", neighbourhood_id=nid, viewer=call.resident_id, **asked
    )
    # The neighbourhood answered first: a non-member is refused before another context is asked.
    from services.gateway.api.registry import moderation_log_sources  # the registry imports us

    for entries in moderation_log_sources():
        found += entries(door.remote, nid, call.resident_id, asked)
    newest = sorted(found, key=lambda entry: str(entry["at"]), reverse=True)[:LOG_ENTRIES]
    return Reply(200, {"entries": shown(hood.ModerationEntry, newest)})
