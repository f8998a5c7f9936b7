"""Decisions about membership: joining, leaving, removal by a moderator, coming back after a
removal, and memberships ended (or joins cancelled) by the system."""

from __future__ import annotations

import uuid

from contracts.neighbourhoods.events import (
    JoinCancelled,
    MemberJoined,
    MemberLeft,
    MemberRemoved,
    MemberWithdrawn,
    NeighbourhoodEvent,
    NeighbourhoodOpened,
    RejoinApproved,
    RejoinRequested,
)
from neighbourhoods.commands import (
    ApproveRejoin,
    CancelJoin,
    JoinNeighbourhood,
    LeaveNeighbourhood,
    RemoveMember,
    RequestRejoin,
    WithdrawMember,
)
from neighbourhoods.domain import text
from neighbourhoods.domain.errors import (
    AlreadyMember,
    CannotRemoveFounder,
    CannotRemoveYourself,
    JoinWasCancelled,
    NoRejoinRequest,
    NotAMember,
    NotAModerator,
    NotRemoved,
    NotTheFounder,
    NotVerified,
    RejoinNeedsApproval,
)
from neighbourhoods.domain.founding import check_home
from neighbourhoods.domain.neighbourhood import Member, Neighbourhood, evolve, join_id_for
from neighbourhoods.domain.roles import succession


def _then(state: Neighbourhood, *events: NeighbourhoodEvent) -> Neighbourhood:
    for event in events:
        state = evolve(state, event)
    return state


def join(command: JoinNeighbourhood, state: Neighbourhood) -> list[NeighbourhoodEvent]:
    join_id = join_id_for(command.command_id)
    if state.arrived(join_id):
        return []
    if join_id in state.cancelled:
        raise JoinWasCancelled("this join was cancelled: join again")
    if state.member(command.resident_id) is not None:
        raise AlreadyMember("you are already a member of this neighbourhood")
    if command.home is None:
        raise NotVerified("only a resident with a verified home joins a neighbourhood")
    if command.resident_id in state.removed:
        raise RejoinNeedsApproval("you were removed: a moderator must approve your return")
    assert state.boundary is not None
    check_home(state.boundary, command.home.point)
    nid, at = command.neighbourhood_id, command.at
    joined = MemberJoined(nid, command.resident_id, join_id, at)
    events: list[NeighbourhoodEvent] = [joined]
    count = state.member_count + 1
    if not state.open and count >= command.members_to_open:
        events.append(NeighbourhoodOpened(nid, count, at))
    return [*events, *succession(_then(state, *events), at)]


def _member(state: Neighbourhood, resident_id: uuid.UUID, message: str) -> Member:
    member = state.member(resident_id)
    if member is None:
        raise NotAMember(message)
    return member


def leave(command: LeaveNeighbourhood, state: Neighbourhood) -> list[NeighbourhoodEvent]:
    member = _member(state, command.resident_id, "you are not a member of this neighbourhood")
    left = MemberLeft(command.neighbourhood_id, command.resident_id, member.join_id, command.at)
    return [left, *succession(evolve(state, left), command.at)]


def remove(command: RemoveMember, state: Neighbourhood) -> list[NeighbourhoodEvent]:
    if not state.is_moderator(command.moderator_id):
        raise NotAModerator("only a moderator removes a member")
    member = _member(state, command.resident_id, "this resident is not a member")
    if command.resident_id == command.moderator_id:
        raise CannotRemoveYourself("leave the neighbourhood instead")
    if command.resident_id == state.founder_id:
        raise CannotRemoveFounder("the founder cannot be removed")
    if state.is_moderator(command.resident_id) and command.moderator_id != state.founder_id:
        raise NotTheFounder("only the founder removes a moderator")
    reason = text.note(command.reason, required=True)
    assert reason is not None
    removed = MemberRemoved(
        command.neighbourhood_id, command.resident_id, member.join_id, reason, command.at
    )
    return [removed, *succession(evolve(state, removed), command.at)]


def request_rejoin(command: RequestRejoin, state: Neighbourhood) -> list[NeighbourhoodEvent]:
    if state.member(command.resident_id) is not None:
        raise AlreadyMember("you are already a member of this neighbourhood")
    if command.resident_id not in state.removed:
        raise NotRemoved("you were not removed: join the neighbourhood")
    message = text.note(command.message, required=False)
    if command.resident_id in state.rejoin_requests:
        return []
    return [RejoinRequested(command.neighbourhood_id, command.resident_id, message, command.at)]


def approve_rejoin(command: ApproveRejoin, state: Neighbourhood) -> list[NeighbourhoodEvent]:
    if not state.is_moderator(command.moderator_id):
        raise NotAModerator("only a moderator approves a return")
    if command.resident_id not in state.rejoin_requests:
        raise NoRejoinRequest("this resident has not asked to come back")
    reason = text.note(command.reason, required=False)
    return [RejoinApproved(command.neighbourhood_id, command.resident_id, reason, command.at)]


def withdraw(command: WithdrawMember, state: Neighbourhood) -> list[NeighbourhoodEvent]:
    member = state.live_join(command.join_id)
    if member is not None:
        withdrawn = MemberWithdrawn(
            command.neighbourhood_id,
            command.resident_id,
            command.join_id,
            command.cause,
            command.at,
        )
        return [withdrawn, *succession(evolve(state, withdrawn), command.at)]
    cancelling = CancelJoin(
        command.command_id,
        command.neighbourhood_id,
        command.resident_id,
        command.join_id,
        command.at,
    )
    return cancel(cancelling, state)


def cancel(command: CancelJoin, state: Neighbourhood) -> list[NeighbourhoodEvent]:
    if command.join_id in state.cancelled or state.arrived(command.join_id):
        return []
    return [
        JoinCancelled(command.neighbourhood_id, command.resident_id, command.join_id, command.at)
    ]
