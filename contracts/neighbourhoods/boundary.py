"""Neighbourhoods contracts of a boundary change that gives up area: proposed by the founder or
a moderator, decided by a platform operator. Declared in contracts.neighbourhoods.

A boundary that covers the old one applies at once (BoundaryChanged). Any other change only
becomes a proposal; no answer to its proposer depends on where members live
(docs/decisions/0006). Every attempt, refused ones included, is on the neighbourhood's stream,
so that members read it in the moderation log. Notes here are about the place, stored in clear.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..fields import contract_of, one_of, text
from .places import NOTE, area_field, boundary_field
from .refusals import BOUNDARY_TOO_LARGE, BOUNDARY_TOO_SMALL, INVALID_BOUNDARY

BOUNDARY_REFUSALS = (INVALID_BOUNDARY.code, BOUNDARY_TOO_SMALL.code, BOUNDARY_TOO_LARGE.code)
"""The refusals a recorded boundary attempt may carry (BoundaryChangeRefused)."""


@dataclass(frozen=True)
class BoundaryChangeProposed:
    """The founder or a moderator (actor in the metadata) asked for a boundary that does not
    cover the current one; an operator approves or rejects it."""

    neighbourhood_id: uuid.UUID
    proposal_id: uuid.UUID
    boundary: dict[str, Any]
    area_km2: float
    reason: str | None
    proposed_at: datetime


@dataclass(frozen=True)
class BoundaryChangeApproved:
    """An operator (actor in the metadata) approved the proposal; BoundaryChanged follows. Members
    whose homes end up outside stay members (docs/decisions/0006)."""

    neighbourhood_id: uuid.UUID
    proposal_id: uuid.UUID
    reason: str | None
    approved_at: datetime


@dataclass(frozen=True)
class BoundaryChangeRejected:
    """An operator (actor in the metadata) rejected the proposal, saying why."""

    neighbourhood_id: uuid.UUID
    proposal_id: uuid.UUID
    reason: str
    rejected_at: datetime


@dataclass(frozen=True)
class BoundaryChangeRefused:
    """The founder or a moderator drew a boundary that is not acceptable (`refusal`: the rule's
    code); recorded, since every attempt counts and shows in the moderation log."""

    neighbourhood_id: uuid.UUID
    refusal: str
    reason: str | None
    refused_at: datetime


BOUNDARY_CHANGE_PROPOSED = contract_of(
    "neighbourhoods",
    BoundaryChangeProposed,
    boundary=boundary_field(),
    area_km2=area_field(),
    reason=text(NOTE, nullable=True),
)
BOUNDARY_CHANGE_APPROVED = contract_of(
    "neighbourhoods", BoundaryChangeApproved, reason=text(NOTE, nullable=True)
)
BOUNDARY_CHANGE_REJECTED = contract_of("neighbourhoods", BoundaryChangeRejected, reason=text(NOTE))
BOUNDARY_CHANGE_REFUSED = contract_of(
    "neighbourhoods",
    BoundaryChangeRefused,
    refusal=one_of(BOUNDARY_REFUSALS),
    reason=text(NOTE, nullable=True),
)
