"""What a neighbourhood remembers of attempts to redraw its boundary: the proposals awaiting an
operator, those decided, and when its moderators made each attempt (for the daily limit). Part of
a Neighbourhood's state (neighbourhood.py), changed by its own events only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from contracts.neighbourhoods.events import (
    BoundaryChangeApproved,
    BoundaryChanged,
    BoundaryChangeProposed,
    BoundaryChangeRefused,
    BoundaryChangeRejected,
)


@dataclass(frozen=True)
class Proposal:
    """A boundary change awaiting an operator's decision."""

    proposal_id: uuid.UUID
    boundary: dict[str, Any]
    area_km2: float
    reason: str | None


@dataclass(frozen=True)
class Redrawing:
    """`attempts`: when the boundary was redrawn, proposed or refused by a moderator (applying
    an approved proposal is not one). `approving` is True between an approval and the
    BoundaryChanged that applies it, recorded right after it."""

    proposals: tuple[Proposal, ...] = ()
    decided: frozenset[uuid.UUID] = frozenset()
    attempts: tuple[datetime, ...] = ()
    approving: bool = False

    def pending(self, proposal_id: uuid.UUID) -> Proposal | None:
        return next((p for p in self.proposals if p.proposal_id == proposal_id), None)

    def evolve(self, event: Any) -> Redrawing:
        match event:
            case BoundaryChanged():
                if self.approving:
                    return replace(self, approving=False)
                return replace(self, attempts=(*self.attempts, event.changed_at))
            case BoundaryChangeProposed():
                proposal = Proposal(event.proposal_id, event.boundary, event.area_km2, event.reason)
                return replace(
                    self,
                    proposals=(*self.proposals, proposal),
                    attempts=(*self.attempts, event.proposed_at),
                )
            case BoundaryChangeRefused():
                return replace(self, attempts=(*self.attempts, event.refused_at))
            case BoundaryChangeApproved() | BoundaryChangeRejected():
                return replace(
                    self,
                    proposals=tuple(
                        p for p in self.proposals if p.proposal_id != event.proposal_id
                    ),
                    decided=self.decided | {event.proposal_id},
                    approving=isinstance(event, BoundaryChangeApproved),
                )
        return self
