"""The neighbourhoods service's command doors: the place, membership, coming back after a
removal, roles. Each builds the handler's call from checked arguments and answers `done(...)`.
"""

from __future__ import annotations

from typing import Any

from neighbourhoods.service.errors import (
    NOTE,
    done,
    door,
    geojson,
    maybe,
    rpc_door,
    text,
    uid,
)
from neighbourhoods.service.queries import home_of

# The place


@rpc_door
@door
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
    cid, founder = uid(command_id, "command_id"), uid(founder_id, "founder_id")
    created = service.handlers.create(
        cid,
        founder,
        text(name, "name", 200),
        text(description, "description", 4000),
        geojson(boundary),
        home_of(service, founder, after),
    )
    return done(created.position, neighbourhood_id=created.neighbourhood_id)


@rpc_door
@door
def rename(
    service: Any, command_id: str, neighbourhood_id: str, actor_id: str, name: str
) -> dict[str, Any]:
    """Founder or moderators. -> {position}. not_a_moderator, invalid_name."""
    position = service.handlers.rename(
        uid(command_id, "command_id"),
        uid(neighbourhood_id, "neighbourhood_id"),
        uid(actor_id, "actor_id"),
        text(name, "name", 200),
    )
    return done(position)


@rpc_door
@door
def change_description(
    service: Any, command_id: str, neighbourhood_id: str, actor_id: str, description: str
) -> dict[str, Any]:
    """Founder or moderators. -> {position}. not_a_moderator, invalid_description."""
    position = service.handlers.change_description(
        uid(command_id, "command_id"),
        uid(neighbourhood_id, "neighbourhood_id"),
        uid(actor_id, "actor_id"),
        text(description, "description", 4000),
    )
    return done(position)


# Membership


@rpc_door
@door
def join(
    service: Any, command_id: str, neighbourhood_id: str, resident_id: str, after: str | None = None
) -> dict[str, Any]:
    """-> {position}. not_found, not_verified, already_member, rejoin_needs_approval,
    home_outside_boundary (details.distance_m), too_many_neighbourhoods (details.limit),
    join_was_cancelled."""
    rid = uid(resident_id, "resident_id")
    position = service.handlers.join(
        uid(command_id, "command_id"),
        uid(neighbourhood_id, "neighbourhood_id"),
        rid,
        home_of(service, rid, after),
    )
    return done(position)


@rpc_door
@door
def leave(service: Any, command_id: str, neighbourhood_id: str, resident_id: str) -> dict[str, Any]:
    """-> {position}. not_a_member."""
    position = service.handlers.leave(
        uid(command_id, "command_id"),
        uid(neighbourhood_id, "neighbourhood_id"),
        uid(resident_id, "resident_id"),
    )
    return done(position)


@rpc_door
@door
def remove_member(
    service: Any,
    command_id: str,
    neighbourhood_id: str,
    moderator_id: str,
    resident_id: str,
    reason: str,
) -> dict[str, Any]:
    """-> {position}. not_a_moderator, not_a_member, cannot_remove_yourself,
    cannot_remove_founder, not_the_founder (a moderator is removed by the founder only),
    reason_required, note_too_long."""
    position = service.handlers.remove_member(
        uid(command_id, "command_id"),
        uid(neighbourhood_id, "neighbourhood_id"),
        uid(moderator_id, "moderator_id"),
        uid(resident_id, "resident_id"),
        text(reason, "reason", NOTE),
    )
    return done(position)


@rpc_door
@door
def request_rejoin(
    service: Any,
    command_id: str,
    neighbourhood_id: str,
    resident_id: str,
    message: str | None = None,
) -> dict[str, Any]:
    """A removed resident asks to come back. -> {position}. not_removed, already_member."""
    position = service.handlers.request_rejoin(
        uid(command_id, "command_id"),
        uid(neighbourhood_id, "neighbourhood_id"),
        uid(resident_id, "resident_id"),
        maybe(message, "message", NOTE),
    )
    return done(position)


@rpc_door
@door
def approve_rejoin(
    service: Any,
    command_id: str,
    neighbourhood_id: str,
    moderator_id: str,
    resident_id: str,
    reason: str | None = None,
) -> dict[str, Any]:
    """The resident may then join again. -> {position}. not_a_moderator, no_rejoin_request."""
    position = service.handlers.approve_rejoin(
        uid(command_id, "command_id"),
        uid(neighbourhood_id, "neighbourhood_id"),
        uid(moderator_id, "moderator_id"),
        uid(resident_id, "resident_id"),
        maybe(reason, "reason", NOTE),
    )
    return done(position)


# Roles


@rpc_door
@door
def appoint_moderator(
    service: Any, command_id: str, neighbourhood_id: str, founder_id: str, resident_id: str
) -> dict[str, Any]:
    """-> {position}. not_the_founder, not_a_member, already_moderator."""
    position = service.handlers.appoint_moderator(
        uid(command_id, "command_id"),
        uid(neighbourhood_id, "neighbourhood_id"),
        uid(founder_id, "founder_id"),
        uid(resident_id, "resident_id"),
    )
    return done(position)


@rpc_door
@door
def dismiss_moderator(
    service: Any,
    command_id: str,
    neighbourhood_id: str,
    founder_id: str,
    resident_id: str,
    reason: str | None = None,
) -> dict[str, Any]:
    """-> {position}. not_the_founder, cannot_dismiss_founder, not_a_moderator."""
    position = service.handlers.dismiss_moderator(
        uid(command_id, "command_id"),
        uid(neighbourhood_id, "neighbourhood_id"),
        uid(founder_id, "founder_id"),
        uid(resident_id, "resident_id"),
        maybe(reason, "reason", NOTE),
    )
    return done(position)


@rpc_door
@door
def accept_moderator_role(
    service: Any, command_id: str, neighbourhood_id: str, resident_id: str
) -> dict[str, Any]:
    """-> {position}. no_moderator_role_offered."""
    return done(
        _role(service.handlers.accept_moderator_role, command_id, neighbourhood_id, resident_id)
    )


@rpc_door
@door
def decline_moderator_role(
    service: Any, command_id: str, neighbourhood_id: str, resident_id: str
) -> dict[str, Any]:
    """The role goes to the next longest-standing member. -> {position}.
    no_moderator_role_offered."""
    return done(
        _role(service.handlers.decline_moderator_role, command_id, neighbourhood_id, resident_id)
    )


def _role(handler: Any, command_id: str, neighbourhood_id: str, resident_id: str) -> Any:
    return handler(
        uid(command_id, "command_id"),
        uid(neighbourhood_id, "neighbourhood_id"),
        uid(resident_id, "resident_id"),
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
