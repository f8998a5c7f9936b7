"""Decisions about a neighbourhood's boundary: redrawing it, and an operator's decision on a
proposal (docs/decisions/0006).

Nothing here reads where members live, so that no answer to a moderator can tell whose home a
shape leaves out: a boundary covering the current one applies at once; any other becomes a
proposal for an operator. Every attempt, a refused shape too, is recorded for the moderation
log, and a neighbourhood has only so many attempts a day.
"""

from __future__ import annotations

import math
import re
from datetime import datetime

from contracts.neighbourhoods.events import (
    BoundaryChangeApproved,
    BoundaryChanged,
    BoundaryChangeProposed,
    BoundaryChangeRefused,
    BoundaryChangeRejected,
    NeighbourhoodEvent,
)
from neighbourhoods.commands import BoundaryAttempts, ChangeBoundary, DecideBoundaryProposal
from neighbourhoods.domain import text
from neighbourhoods.domain.errors import (
    InvalidBoundary,
    NotAModerator,
    NotAnOperator,
    ProposalAlreadyDecided,
    TooManyBoundaryAttempts,
    UnknownProposal,
)
from neighbourhoods.domain.geometry import Boundary, check_boundary
from neighbourhoods.domain.neighbourhood import Neighbourhood


def change_boundary(command: ChangeBoundary, state: Neighbourhood) -> list[NeighbourhoodEvent]:
    """BoundaryChanged for a boundary covering the current one, BoundaryChangeProposed for any
    other, BoundaryChangeRefused for an unacceptable shape (the handler then raises its
    refusal: refused_boundary)."""
    if not state.is_moderator(command.actor_id):
        raise NotAModerator("only the founder or a moderator changes the boundary")
    reason = text.note(command.reason, required=False)
    check_attempts(state.redrawing.attempts, command.attempts, command.at)
    nid, at = command.neighbourhood_id, command.at
    try:
        boundary = check_boundary(command.boundary, command.limits)
    except InvalidBoundary as refused:
        return [BoundaryChangeRefused(nid, _code(refused), reason, at)]
    assert state.boundary is not None
    if boundary.geojson == state.boundary.geojson:
        return []
    if covers(boundary, state.boundary):
        return [BoundaryChanged(nid, boundary.geojson, boundary.area_km2, reason, at)]
    return [
        BoundaryChangeProposed(
            nid, command.proposal_id, boundary.geojson, boundary.area_km2, reason, at
        )
    ]


def refused_boundary(command: ChangeBoundary) -> None:
    """Raise the refusal a BoundaryChangeRefused recorded for `command` (the same shape is
    refused for the same reason every time)."""
    check_boundary(command.boundary, command.limits)


def decide_proposal(
    command: DecideBoundaryProposal, state: Neighbourhood
) -> list[NeighbourhoodEvent]:
    if not command.is_operator:
        raise NotAnOperator("only an operator decides a boundary proposal")
    if command.proposal_id in state.redrawing.decided:
        raise ProposalAlreadyDecided("this proposal was decided already")
    proposal = state.redrawing.pending(command.proposal_id)
    if proposal is None:
        raise UnknownProposal("there is no such boundary proposal here")
    nid, pid, at = command.neighbourhood_id, command.proposal_id, command.at
    if not command.approve:
        why = text.note(command.reason, required=True)  # never None when required
        return [BoundaryChangeRejected(nid, pid, why or "", at)]
    return [
        BoundaryChangeApproved(nid, pid, text.note(command.reason, required=False), at),
        BoundaryChanged(nid, proposal.boundary, proposal.area_km2, proposal.reason, at),
    ]


def covers(new: Boundary, old: Boundary) -> bool:
    """True when `new` gives up none of `old`'s area."""
    return bool(new.shape.covers(old.shape))


def check_attempts(attempts: tuple[datetime, ...], allowed: BoundaryAttempts, at: datetime) -> None:
    recent = sorted(t for t in attempts if at - allowed.window < t <= at)
    if len(recent) >= allowed.limit:
        free_at = recent[-allowed.limit] + allowed.window
        raise TooManyBoundaryAttempts(
            allowed.limit, max(1, math.ceil((free_at - at).total_seconds()))
        )


def _code(refused: InvalidBoundary) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(refused).__name__).lower()
