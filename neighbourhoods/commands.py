"""Commands of the neighbourhoods context, as the domain decides on them.

Every command carries its `command_id` (ids of new things are derived from it), the ids of the
people acting and `at`, the time. What the neighbourhoods context learns from identity (a verified
home and when it was verified, members' homes) comes in the command as facts: the domain reads
nothing. Limits come in too (Settings), so the domain holds no configuration.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from neighbourhoods.domain.geometry import BoundaryLimits, Point


@dataclass(frozen=True)
class BoundaryAttempts:
    """At most `limit` attempts to redraw one neighbourhood's boundary within `window`, whoever
    of its moderators makes them (docs/decisions/0006)."""

    limit: int = 5
    window: timedelta = timedelta(days=1)


@dataclass(frozen=True)
class Settings:
    """The numbers of the rules: members needed to open, neighbourhoods per resident, boundary
    limits, how old a reserved place must be before a join that never arrived is cancelled, and
    how many attempts to redraw a neighbourhood's boundary it is allowed within a window."""

    members_to_open: int = 10
    max_neighbourhoods: int = 3
    boundary: BoundaryLimits = field(default_factory=BoundaryLimits)
    stale_reservation: timedelta = timedelta(minutes=5)
    boundary_attempts: BoundaryAttempts = field(default_factory=BoundaryAttempts)


@dataclass(frozen=True)
class VerifiedHome:
    """Identity's facts about a resident's home: where it is and when it was verified."""

    point: Point
    verified_at: datetime


# A neighbourhood (stream neighbourhoods.neighbourhood-<id>)


@dataclass(frozen=True)
class CreateNeighbourhood:
    """`boundary` is GeoJSON as received; `founder_home` None when the founder is unverified."""

    command_id: uuid.UUID
    neighbourhood_id: uuid.UUID
    founder_id: uuid.UUID
    name: str
    description: str
    boundary: Any
    founder_home: VerifiedHome | None
    limits: BoundaryLimits
    members_to_open: int
    at: datetime


@dataclass(frozen=True)
class RenameNeighbourhood:
    command_id: uuid.UUID
    neighbourhood_id: uuid.UUID
    actor_id: uuid.UUID
    name: str
    at: datetime


@dataclass(frozen=True)
class ChangeDescription:
    command_id: uuid.UUID
    neighbourhood_id: uuid.UUID
    actor_id: uuid.UUID
    description: str
    at: datetime


@dataclass(frozen=True)
class ChangeBoundary:
    """Where members live is deliberately not part of it: nothing decided here may depend on
    their homes (docs/decisions/0006). `proposal_id` names the proposal it may become."""

    command_id: uuid.UUID
    neighbourhood_id: uuid.UUID
    actor_id: uuid.UUID
    proposal_id: uuid.UUID
    boundary: Any
    reason: str | None
    limits: BoundaryLimits
    attempts: BoundaryAttempts
    at: datetime


@dataclass(frozen=True)
class DecideBoundaryProposal:
    """An operator's decision on a proposal; `is_operator` is identity's fact about them."""

    command_id: uuid.UUID
    neighbourhood_id: uuid.UUID
    proposal_id: uuid.UUID
    operator_id: uuid.UUID
    is_operator: bool
    approve: bool
    reason: str | None
    at: datetime


@dataclass(frozen=True)
class JoinNeighbourhood:
    command_id: uuid.UUID
    neighbourhood_id: uuid.UUID
    resident_id: uuid.UUID
    home: VerifiedHome | None
    members_to_open: int
    at: datetime


@dataclass(frozen=True)
class LeaveNeighbourhood:
    command_id: uuid.UUID
    neighbourhood_id: uuid.UUID
    resident_id: uuid.UUID
    at: datetime


@dataclass(frozen=True)
class RemoveMember:
    command_id: uuid.UUID
    neighbourhood_id: uuid.UUID
    moderator_id: uuid.UUID
    resident_id: uuid.UUID
    reason: str
    at: datetime


@dataclass(frozen=True)
class RequestRejoin:
    command_id: uuid.UUID
    neighbourhood_id: uuid.UUID
    resident_id: uuid.UUID
    message: str | None
    at: datetime


@dataclass(frozen=True)
class ApproveRejoin:
    command_id: uuid.UUID
    neighbourhood_id: uuid.UUID
    moderator_id: uuid.UUID
    resident_id: uuid.UUID
    reason: str | None
    at: datetime


@dataclass(frozen=True)
class AppointModerator:
    command_id: uuid.UUID
    neighbourhood_id: uuid.UUID
    founder_id: uuid.UUID
    resident_id: uuid.UUID
    at: datetime


@dataclass(frozen=True)
class DismissModerator:
    command_id: uuid.UUID
    neighbourhood_id: uuid.UUID
    founder_id: uuid.UUID
    resident_id: uuid.UUID
    reason: str | None
    at: datetime


@dataclass(frozen=True)
class AcceptModeratorRole:
    command_id: uuid.UUID
    neighbourhood_id: uuid.UUID
    resident_id: uuid.UUID
    at: datetime


@dataclass(frozen=True)
class DeclineModeratorRole:
    command_id: uuid.UUID
    neighbourhood_id: uuid.UUID
    resident_id: uuid.UUID
    at: datetime


@dataclass(frozen=True)
class WithdrawMember:
    """Ends the membership `join_id` (the resident's home is no longer verified); if that join
    never arrived, cancels it so that it cannot arrive later."""

    command_id: uuid.UUID
    neighbourhood_id: uuid.UUID
    resident_id: uuid.UUID
    join_id: uuid.UUID
    cause: str
    at: datetime


@dataclass(frozen=True)
class CancelJoin:
    """Cancels the join `join_id` if it has not arrived; changes nothing if it has."""

    command_id: uuid.UUID
    neighbourhood_id: uuid.UUID
    resident_id: uuid.UUID
    join_id: uuid.UUID
    at: datetime


# A resident's places (stream neighbourhoods.resident-<id>)


@dataclass(frozen=True)
class ReserveMembership:
    """`verified_at` is when the home the join relies on was verified (None: it is not)."""

    command_id: uuid.UUID
    resident_id: uuid.UUID
    neighbourhood_id: uuid.UUID
    join_id: uuid.UUID
    verified_at: datetime | None
    max_neighbourhoods: int
    at: datetime


@dataclass(frozen=True)
class ReleaseMembership:
    command_id: uuid.UUID
    resident_id: uuid.UUID
    neighbourhood_id: uuid.UUID
    join_id: uuid.UUID
    cause: str
    at: datetime


@dataclass(frozen=True)
class WithdrawResident:
    """Issued by a policy following identity's events (actor "system:neighbourhoods"): the
    resident's home stopped being verified at `at`, the time of identity's event."""

    command_id: uuid.UUID
    resident_id: uuid.UUID
    cause: str
    at: datetime


NeighbourhoodCommand = (
    CreateNeighbourhood
    | RenameNeighbourhood
    | ChangeDescription
    | ChangeBoundary
    | DecideBoundaryProposal
    | JoinNeighbourhood
    | LeaveNeighbourhood
    | RemoveMember
    | RequestRejoin
    | ApproveRejoin
    | AppointModerator
    | DismissModerator
    | AcceptModeratorRole
    | DeclineModeratorRole
    | WithdrawMember
    | CancelJoin
)
ResidentCommand = ReserveMembership | ReleaseMembership | WithdrawResident
