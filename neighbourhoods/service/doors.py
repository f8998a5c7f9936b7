"""The neighbourhoods service's command doors: the place, membership, coming back after a
removal, roles. A door that runs one command is declared by its command type (its dataclass is
the parameter list: services/runtime/command_door.py); founding and joining also read the
resident's home from the read model, and stay functions.
"""

from __future__ import annotations

from typing import Any

from neighbourhoods.commands import (
    AcceptModeratorRole,
    AppointModerator,
    ApproveRejoin,
    ChangeDescription,
    DeclineModeratorRole,
    DismissModerator,
    LeaveNeighbourhood,
    RemoveMember,
    RenameNeighbourhood,
    RequestRejoin,
)
from neighbourhoods.service.errors import DOOR, NOTE, done, geojson
from neighbourhoods.service.queries import home_of
from services.runtime.command_door import command_door

NAME = 200
DESCRIPTION = 4000

# The place


@DOOR.rpc
@DOOR.wrap
def create(
    service: Any,
    command_id: str,
    founder_id: str,
    name: str,
    description: str,
    boundary: Any,
    after: str | None = None,
) -> dict[str, Any]:
    """Found a neighbourhood around the founder's verified home; they are its first member.
    `boundary`: GeoJSON Polygon or MultiPolygon (or a Feature holding one), lon/lat.
    -> {neighbourhood_id, position}. invalid_boundary (details.reason), boundary_too_small,
    boundary_too_large (details.area_km2, minimum_km2 / maximum_km2), invalid_name,
    invalid_description, not_verified, home_outside_boundary (details.distance_m),
    too_many_neighbourhoods (details.limit)."""
    cid, founder = DOOR.uid(command_id, "command_id"), DOOR.uid(founder_id, "founder_id")
    created = service.handlers.create(
        cid,
        founder,
        DOOR.text(name, "name", NAME),
        DOOR.text(description, "description", DESCRIPTION),
        geojson(boundary),
        home_of(service, founder, after),
    )
    return done(created.position, neighbourhood_id=created.neighbourhood_id)


rename = command_door(
    DOOR,
    RenameNeighbourhood,
    "rename",
    actor="actor_id",
    longest={"name": NAME},
    doc="Founder or moderators. -> {position}. not_a_moderator, invalid_name.",
)
change_description = command_door(
    DOOR,
    ChangeDescription,
    "change_description",
    actor="actor_id",
    longest={"description": DESCRIPTION},
    doc="Founder or moderators. -> {position}. not_a_moderator, invalid_description.",
)


# Membership


@DOOR.rpc
@DOOR.wrap
def join(
    service: Any, command_id: str, neighbourhood_id: str, resident_id: str, after: str | None = None
) -> dict[str, Any]:
    """-> {position}. not_found, not_verified, already_member, rejoin_needs_approval,
    home_outside_boundary (details.distance_m), too_many_neighbourhoods (details.limit),
    join_was_cancelled."""
    rid = DOOR.uid(resident_id, "resident_id")
    position = service.handlers.join(
        DOOR.uid(command_id, "command_id"),
        DOOR.uid(neighbourhood_id, "neighbourhood_id"),
        rid,
        home_of(service, rid, after),
    )
    return done(position)


leave = command_door(
    DOOR,
    LeaveNeighbourhood,
    "leave",
    actor="resident_id",
    doc="-> {position}. not_a_member.",
)
remove_member = command_door(
    DOOR,
    RemoveMember,
    "remove_member",
    actor="moderator_id",
    longest={"reason": NOTE},
    doc="-> {position}. not_a_moderator, not_a_member, cannot_remove_yourself, "
    "cannot_remove_founder, not_the_founder (a moderator is removed by the founder only), "
    "reason_required, note_too_long.",
)
request_rejoin = command_door(
    DOOR,
    RequestRejoin,
    "request_rejoin",
    actor="resident_id",
    longest={"message": NOTE},
    doc="A removed resident asks to come back. -> {position}. not_removed, already_member.",
)
approve_rejoin = command_door(
    DOOR,
    ApproveRejoin,
    "approve_rejoin",
    actor="moderator_id",
    longest={"reason": NOTE},
    doc="The resident may then join again. -> {position}. not_a_moderator, no_rejoin_request.",
)


# Roles

appoint_moderator = command_door(
    DOOR,
    AppointModerator,
    "appoint_moderator",
    actor="founder_id",
    doc="-> {position}. not_the_founder, not_a_member, already_moderator.",
)
dismiss_moderator = command_door(
    DOOR,
    DismissModerator,
    "dismiss_moderator",
    actor="founder_id",
    longest={"reason": NOTE},
    doc="-> {position}. not_the_founder, cannot_dismiss_founder, not_a_moderator.",
)
accept_moderator_role = command_door(
    DOOR,
    AcceptModeratorRole,
    "accept_moderator_role",
    actor="resident_id",
    doc="-> {position}. no_moderator_role_offered.",
)
decline_moderator_role = command_door(
    DOOR,
    DeclineModeratorRole,
    "decline_moderator_role",
    actor="resident_id",
    doc="The role goes to the next longest-standing member. -> {position}. "
    "no_moderator_role_offered.",
)


DOORS = (
    create,
    rename,
    change_description,
    join,
    leave,
    remove_member,
    request_rejoin,
    approve_rejoin,
    appoint_moderator,
    dismiss_moderator,
    accept_moderator_role,
    decline_moderator_role,
)
