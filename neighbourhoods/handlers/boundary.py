"""The boundary's command handlers: redrawing it (applied, proposed or refused, each recorded)
and an operator's decision on a proposal.
Composed into NeighbourhoodHandlers (handlers/__init__.py).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from contracts.envelope import Metadata
from contracts.neighbourhoods.events import BoundaryChangeProposed, BoundaryChangeRefused
from neighbourhoods.commands import ChangeBoundary, DecideBoundaryProposal
from neighbourhoods.domain.boundary import refused_boundary
from neighbourhoods.handlers.base import Streams, resident_actor
from services.eventstore.handling import derived_id


@dataclass(frozen=True)
class Redrawn:
    """What became of a redrawn boundary: `status` "applied" (it covers the old one, or is the
    same), or "proposed" (`proposal_id` awaits an operator)."""

    position: str | None
    status: str
    proposal_id: uuid.UUID | None = None


class Boundaries:
    """The boundary's commands."""

    def __init__(self, streams: Streams) -> None:
        self._streams = streams

    def change_boundary(
        self,
        command_id: uuid.UUID,
        neighbourhood_id: uuid.UUID,
        actor_id: uuid.UUID,
        boundary: Any,
        reason: str | None = None,
    ) -> Redrawn:
        """Raises NotAModerator, TooManyBoundaryAttempts, NoteTooLong, or InvalidBoundary (and
        its kinds) once the refused attempt is recorded. The answer never depends on where
        members live."""
        settings = self._streams.settings
        command = ChangeBoundary(
            command_id, neighbourhood_id, actor_id, derived_id(command_id, "boundary-proposal"),
            boundary, reason, settings.boundary, settings.boundary_attempts, self._streams.clock(),
        )  # fmt: skip
        metadata = Metadata.start(resident_actor(actor_id), command_id)
        outcome = self._streams.run(command, command_id, metadata)
        for event in outcome.events:
            if isinstance(event, BoundaryChangeRefused):
                refused_boundary(command)
            if isinstance(event, BoundaryChangeProposed):
                return Redrawn(outcome.position, "proposed", event.proposal_id)
        return Redrawn(outcome.position, "applied")

    def decide_boundary_proposal(
        self,
        command_id: uuid.UUID,
        neighbourhood_id: uuid.UUID,
        proposal_id: uuid.UUID,
        operator_id: uuid.UUID,
        is_operator: bool,
        approve: bool,
        reason: str | None = None,
    ) -> str | None:
        """`is_operator`: identity's fact, from the caller's read model. Raises NotAnOperator,
        UnknownProposal, ProposalAlreadyDecided, ReasonRequired (a rejection says why) or
        NoteTooLong."""
        command = DecideBoundaryProposal(
            command_id, neighbourhood_id, proposal_id, operator_id, is_operator, approve, reason,
            self._streams.clock(),
        )  # fmt: skip
        metadata = Metadata.start(resident_actor(operator_id), command_id)
        return self._streams.run(command, command_id, metadata).position


__all__ = ["Boundaries", "Redrawn"]
