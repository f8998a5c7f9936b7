"""The neighbourhoods context's domain: neighbourhoods, their boundaries, members and roles, and
the places each resident holds among neighbourhoods.

    state = fold(events)                     # a neighbourhood's stream
    events = decide(command, state)          # raises a NeighbourhoodsError named after the rule
    places = fold_places(events)             # a resident's stream
    events = decide_places(command, places)
    ended = withdrawn_places(withdrawal, events, index)   # the places a withdrawal ends

Pure: no I/O, no clock, no randomness. Time, ids, limits and what identity knows (verified homes)
come in the command. State and evolve are in domain_state.py; decisions in domain_places.py,
domain_boundary.py, domain_members.py and domain_roles.py; errors in domain_errors.py;
everything is importable from here.
"""

from __future__ import annotations

from collections.abc import Sequence

from contracts.neighbourhoods.events import (
    WITHDRAWAL_CAUSES,
    MembershipReleased,
    MembershipReserved,
    NeighbourhoodEvent,
    ResidentStreamEvent,
    ResidentWithdrawn,
)

from .commands import (
    AcceptModeratorRole,
    AppointModerator,
    ApproveRejoin,
    CancelJoin,
    ChangeBoundary,
    ChangeDescription,
    CreateNeighbourhood,
    DecideBoundaryProposal,
    DeclineModeratorRole,
    DismissModerator,
    JoinNeighbourhood,
    LeaveNeighbourhood,
    NeighbourhoodCommand,
    ReleaseMembership,
    RemoveMember,
    RenameNeighbourhood,
    RequestRejoin,
    ReserveMembership,
    ResidentCommand,
    WithdrawMember,
    WithdrawResident,
)
from .domain_boundary import change_boundary, decide_proposal, refused_boundary
from .domain_errors import *  # noqa: F403  (re-exported: one import for every rule's error)
from .domain_errors import (
    JoinWasCancelled,
    NotVerified,
    TooManyNeighbourhoods,
    UnknownNeighbourhood,
)
from .domain_members import approve_rejoin, cancel, join, leave, remove, request_rejoin, withdraw
from .domain_places import create, describe, rename
from .domain_roles import accept_role, appoint_moderator, decline_role, dismiss_moderator
from .domain_state import (
    INITIAL,
    NO_PLACES,
    Member,
    Neighbourhood,
    Place,
    Places,
    evolve,
    evolve_places,
    fold,
    fold_places,
    join_id_for,
    neighbourhood_id_for,
    neighbourhood_stream,
    resident_stream,
)

__all__ = [
    "INITIAL",
    "NO_PLACES",
    "Member",
    "Neighbourhood",
    "Place",
    "Places",
    "decide",
    "decide_places",
    "evolve",
    "evolve_places",
    "fold",
    "fold_places",
    "join_id_for",
    "neighbourhood_id_for",
    "neighbourhood_stream",
    "refused_boundary",
    "resident_stream",
    "withdrawn_places",
]


def decide(command: NeighbourhoodCommand, state: Neighbourhood) -> list[NeighbourhoodEvent]:
    """The events that `command` leads to, given the neighbourhood's `state`."""
    match command:
        case CreateNeighbourhood():
            return create(command, state)
        case WithdrawMember():
            return withdraw(command, state)
        case CancelJoin():
            return cancel(command, state)
    if not state.exists:
        raise UnknownNeighbourhood("there is no such neighbourhood")
    match command:
        case JoinNeighbourhood():
            return join(command, state)
        case LeaveNeighbourhood():
            return leave(command, state)
        case RemoveMember():
            return remove(command, state)
        case RequestRejoin():
            return request_rejoin(command, state)
        case ApproveRejoin():
            return approve_rejoin(command, state)
        case RenameNeighbourhood():
            return rename(command, state)
        case ChangeDescription():
            return describe(command, state)
        case ChangeBoundary():
            return change_boundary(command, state)
        case DecideBoundaryProposal():
            return decide_proposal(command, state)
        case AppointModerator():
            return appoint_moderator(command, state)
        case DismissModerator():
            return dismiss_moderator(command, state)
        case AcceptModeratorRole():
            return accept_role(command, state)
        case DeclineModeratorRole():
            return decline_role(command, state)
    raise TypeError(f"not a neighbourhood command: {type(command).__name__}")


def decide_places(command: ResidentCommand, state: Places) -> list[ResidentStreamEvent]:
    """The places a resident holds: at most `max_neighbourhoods`, each for one join."""
    match command:
        case ReserveMembership():
            return _reserve(command, state)
        case ReleaseMembership():
            if not state.holds(command.join_id):
                return []
            return [
                MembershipReleased(
                    command.resident_id,
                    command.neighbourhood_id,
                    command.join_id,
                    command.cause,
                    command.at,
                )
            ]
        case WithdrawResident():
            if command.cause not in WITHDRAWAL_CAUSES:
                raise ValueError(f"a withdrawal's cause is one of {', '.join(WITHDRAWAL_CAUSES)}")
            if state.withdrawn_at is not None and state.withdrawn_at >= command.at:
                return []
            return [ResidentWithdrawn(command.resident_id, command.cause, command.at)]
    raise TypeError(f"not a resident command: {type(command).__name__}")


def withdrawn_places(
    command: WithdrawResident, history: Sequence[ResidentStreamEvent], recorded: int | None
) -> tuple[Place, ...]:
    """The places the withdrawal `command` ends: those held just before its ResidentWithdrawn,
    at index `recorded` of the resident's stream `history` (None when it recorded nothing, a
    withdrawal as late being there already: held now), whose join relied on a verification
    at or before the withdrawal. A place reserved after it relies on a later verification, and
    the same command repeated must leave it; so must a withdrawal handled late leave a join
    relying on a verification made since. Some may have been released already."""
    before = history if recorded is None else history[:recorded]
    return tuple(
        place
        for place in fold_places(before).places
        if place.relies_on_verification_before(command.at)
    )


def _reserve(command: ReserveMembership, state: Places) -> list[ResidentStreamEvent]:
    if state.holds(command.join_id):
        return []
    if command.join_id in state.released:
        raise JoinWasCancelled("this join was refused or cancelled: join again")
    if state.withdrawn_at is not None and command.verified_at <= state.withdrawn_at:
        raise NotVerified("your home is no longer verified")
    if len(state.places) >= command.max_neighbourhoods:
        raise TooManyNeighbourhoods(command.max_neighbourhoods)
    return [
        MembershipReserved(
            command.resident_id,
            command.neighbourhood_id,
            command.join_id,
            command.at,
            command.verified_at,
        )
    ]
