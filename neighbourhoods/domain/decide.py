"""What a neighbourhood decides on a command, given its state (neighbourhood.py): the events
the command leads to, or the error of the rule it breaks (errors.py). The decisions themselves
are in founding.py, membership.py, roles.py and boundary.py.

    state = fold(events)
    events = decide(command, state)

Pure: no I/O, no clock, no randomness. Time, ids, limits and what identity knows (verified homes)
come in the command.
"""

from __future__ import annotations

from contracts.neighbourhoods.events import NeighbourhoodEvent
from neighbourhoods.commands import (
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
    RemoveMember,
    RenameNeighbourhood,
    RequestRejoin,
    WithdrawMember,
)
from neighbourhoods.domain.boundary import change_boundary, decide_proposal
from neighbourhoods.domain.errors import UnknownNeighbourhood
from neighbourhoods.domain.founding import create, describe, rename
from neighbourhoods.domain.membership import (
    approve_rejoin,
    cancel,
    join,
    leave,
    remove,
    request_rejoin,
    withdraw,
)
from neighbourhoods.domain.neighbourhood import Neighbourhood
from neighbourhoods.domain.roles import (
    accept_role,
    appoint_moderator,
    decline_role,
    dismiss_moderator,
)


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
