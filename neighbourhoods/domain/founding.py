"""Decisions about a neighbourhood as a place: founding it, its name and description (its
boundary: boundary.py)."""

from __future__ import annotations

from contracts.neighbourhoods.events import (
    MemberJoined,
    NeighbourhoodCreated,
    NeighbourhoodDescriptionChanged,
    NeighbourhoodEvent,
    NeighbourhoodOpened,
    NeighbourhoodRenamed,
)
from neighbourhoods.commands import ChangeDescription, CreateNeighbourhood, RenameNeighbourhood
from neighbourhoods.domain import text
from neighbourhoods.domain.errors import (
    HomeOutsideBoundary,
    JoinWasCancelled,
    NotAModerator,
    NotVerified,
)
from neighbourhoods.domain.geometry import Boundary, Point, check_boundary
from neighbourhoods.domain.neighbourhood import Neighbourhood, join_id_for


def check_home(boundary: Boundary, home: Point) -> None:
    if not boundary.covers(home):
        raise HomeOutsideBoundary(boundary.distance_m(home))


def create(command: CreateNeighbourhood, state: Neighbourhood) -> list[NeighbourhoodEvent]:
    if state.exists:
        return []  # the same command again: its id names this neighbourhood
    join_id = join_id_for(command.command_id)
    if join_id in state.cancelled:
        raise JoinWasCancelled("this founding was cancelled: found the neighbourhood again")
    name = text.name(command.name)
    description = text.description(command.description)
    boundary = check_boundary(command.boundary, command.limits)
    if command.founder_home is None:
        raise NotVerified("only a resident with a verified home founds a neighbourhood")
    check_home(boundary, command.founder_home.point)
    nid, founder, at = command.neighbourhood_id, command.founder_id, command.at
    events: list[NeighbourhoodEvent] = [
        NeighbourhoodCreated(
            nid, founder, name, description, boundary.geojson, boundary.area_km2, at
        ),
        MemberJoined(nid, founder, join_id, at),
    ]
    if command.members_to_open <= 1:
        events.append(NeighbourhoodOpened(nid, 1, at))
    return events


def rename(command: RenameNeighbourhood, state: Neighbourhood) -> list[NeighbourhoodEvent]:
    if not state.is_moderator(command.actor_id):
        raise NotAModerator("only the founder or a moderator renames the neighbourhood")
    name = text.name(command.name)
    if name == state.name:
        return []
    return [NeighbourhoodRenamed(command.neighbourhood_id, name, command.at)]


def describe(command: ChangeDescription, state: Neighbourhood) -> list[NeighbourhoodEvent]:
    if not state.is_moderator(command.actor_id):
        raise NotAModerator("only the founder or a moderator changes the description")
    description = text.description(command.description)
    if description == state.description:
        return []
    return [NeighbourhoodDescriptionChanged(command.neighbourhood_id, description, command.at)]
