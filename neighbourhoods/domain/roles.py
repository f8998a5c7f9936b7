"""Decisions about roles: the founder appoints and dismisses moderators; when no moderator is
left the role is offered to the longest-standing member, who accepts or declines; when the
founder goes, their role passes to the longest-standing moderator."""

from __future__ import annotations

from datetime import datetime

from contracts.neighbourhoods.events import (
    FounderRolePassed,
    ModeratorAppointed,
    ModeratorDismissed,
    ModeratorRoleAccepted,
    ModeratorRoleDeclined,
    ModeratorRoleOffered,
    NeighbourhoodEvent,
)
from neighbourhoods.commands import (
    AcceptModeratorRole,
    AppointModerator,
    DeclineModeratorRole,
    DismissModerator,
)
from neighbourhoods.domain.errors import (
    AlreadyModerator,
    CannotDismissFounder,
    NoModeratorRoleOffered,
    NotAMember,
    NotAModerator,
    NotTheFounder,
)
from neighbourhoods.domain.neighbourhood import Neighbourhood, evolve
from neighbourhoods.domain.text import note


def appoint_moderator(command: AppointModerator, state: Neighbourhood) -> list[NeighbourhoodEvent]:
    if command.founder_id != state.founder_id:
        raise NotTheFounder("only the founder appoints moderators")
    if state.member(command.resident_id) is None:
        raise NotAMember("only a member can be made a moderator")
    if state.is_moderator(command.resident_id):
        raise AlreadyModerator("this member is already a moderator")
    return [ModeratorAppointed(command.neighbourhood_id, command.resident_id, command.at)]


def dismiss_moderator(command: DismissModerator, state: Neighbourhood) -> list[NeighbourhoodEvent]:
    if command.founder_id != state.founder_id:
        raise NotTheFounder("only the founder dismisses moderators")
    if command.resident_id == state.founder_id:
        raise CannotDismissFounder("the founder stays a moderator while they are a member")
    if not state.is_moderator(command.resident_id):
        raise NotAModerator("this resident is not a moderator here")
    reason = note(command.reason, required=False)
    return [ModeratorDismissed(command.neighbourhood_id, command.resident_id, reason, command.at)]


def accept_role(command: AcceptModeratorRole, state: Neighbourhood) -> list[NeighbourhoodEvent]:
    if state.offered_to != command.resident_id:
        raise NoModeratorRoleOffered("the moderator role is not offered to you")
    events: list[NeighbourhoodEvent] = [
        ModeratorRoleAccepted(command.neighbourhood_id, command.resident_id, command.at)
    ]
    if state.founder_id is None:
        assert state.last_founder_id is not None
        events.append(
            FounderRolePassed(
                command.neighbourhood_id, command.resident_id, state.last_founder_id, command.at
            )
        )
    return events


def decline_role(command: DeclineModeratorRole, state: Neighbourhood) -> list[NeighbourhoodEvent]:
    if state.offered_to != command.resident_id:
        raise NoModeratorRoleOffered("the moderator role is not offered to you")
    declined = ModeratorRoleDeclined(command.neighbourhood_id, command.resident_id, command.at)
    return [declined, *succession(evolve(state, declined), command.at)]


def succession(state: Neighbourhood, at: datetime) -> list[NeighbourhoodEvent]:
    """What keeps the neighbourhood moderated after a change: the founder's role passes to the
    longest-standing moderator; with no moderator left, the role is offered to the
    longest-standing member who has not declined it yet."""
    assert state.neighbourhood_id is not None
    if not state.member_count:
        return []
    if state.founder_id is None:
        moderators = [m for m in state.members if m.moderator_since is not None]
        if moderators:
            heir = min(moderators, key=lambda m: m.moderator_since or at)
            assert state.last_founder_id is not None
            return [
                FounderRolePassed(
                    state.neighbourhood_id, heir.resident_id, state.last_founder_id, at
                )
            ]
    if state.moderators or state.offered_to is not None:
        return []
    candidates = [m for m in state.members if m.resident_id not in state.declined]
    if not candidates:
        return []
    return [ModeratorRoleOffered(state.neighbourhood_id, candidates[0].resident_id, at)]
