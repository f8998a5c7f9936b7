"""Neighbourhoods contracts of membership: joining, leaving, removal by a moderator, withdrawal
when a home stops being verified, and coming back after a removal. Declared in
contracts.neighbourhoods.

Each membership has a `join_id`, derived from the command that started it. The same id names
the place it holds among the resident's memberships (MembershipReserved, in their own stream),
so that ending one releases exactly that place.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from ..fields import contract_of, one_of, text
from ..pii import pii
from .places import NOTE

WITHDRAWAL_CAUSES = ("moved", "erased", "unverified")
"""Why a resident's memberships ended without them asking: their home is no longer verified
because they declared another address, were erased, or their verification was taken back."""


@dataclass(frozen=True)
class MemberJoined:
    """A verified resident whose home lies inside the boundary became a member (the founder
    too, right after NeighbourhoodCreated). Their home itself is not recorded here."""

    neighbourhood_id: uuid.UUID
    resident_id: uuid.UUID
    join_id: uuid.UUID
    joined_at: datetime


@dataclass(frozen=True)
class MemberLeft:
    """The member left of their own accord. A moderator's roles end with the membership."""

    neighbourhood_id: uuid.UUID
    resident_id: uuid.UUID
    join_id: uuid.UUID
    left_at: datetime


@dataclass(frozen=True)
class MemberRemoved:
    """A moderator removed the member (actor in the metadata), saying why. The reason is free
    text about the removed member: sealed with their key, shown to them and to the moderators.
    They may come back only once a moderator approves (RejoinRequested, RejoinApproved)."""

    neighbourhood_id: uuid.UUID
    resident_id: uuid.UUID
    join_id: uuid.UUID
    reason: str
    removed_at: datetime


@dataclass(frozen=True)
class MemberWithdrawn:
    """The membership ended because the resident's home is no longer verified (see
    WITHDRAWAL_CAUSES); recorded by the system, not by a person."""

    neighbourhood_id: uuid.UUID
    resident_id: uuid.UUID
    join_id: uuid.UUID
    cause: str
    withdrawn_at: datetime


@dataclass(frozen=True)
class JoinCancelled:
    """A join that reserved its place but never reached the neighbourhood (its handler stopped
    between the two) was cancelled, so that it can no longer happen and its place is freed.
    Bookkeeping: no membership began or ended."""

    neighbourhood_id: uuid.UUID
    resident_id: uuid.UUID
    join_id: uuid.UUID
    cancelled_at: datetime


@dataclass(frozen=True)
class RejoinRequested:
    """A removed resident asked to come back. `message` is their own free text, if any."""

    neighbourhood_id: uuid.UUID
    resident_id: uuid.UUID
    message: str | None
    requested_at: datetime


@dataclass(frozen=True)
class RejoinApproved:
    """A moderator allowed a removed resident back (actor in the metadata); the resident then
    joins as anyone does. `reason` is the moderator's free text about them, if any."""

    neighbourhood_id: uuid.UUID
    resident_id: uuid.UUID
    reason: str | None
    approved_at: datetime


MEMBER_JOINED = contract_of("neighbourhoods", MemberJoined, "resident_id")
MEMBER_LEFT = contract_of("neighbourhoods", MemberLeft, "resident_id")
MEMBER_REMOVED = contract_of("neighbourhoods", MemberRemoved, "resident_id", reason=pii(text(NOTE)))
MEMBER_WITHDRAWN = contract_of(
    "neighbourhoods", MemberWithdrawn, "resident_id", cause=one_of(WITHDRAWAL_CAUSES)
)
JOIN_CANCELLED = contract_of("neighbourhoods", JoinCancelled, "resident_id")
REJOIN_REQUESTED = contract_of(
    "neighbourhoods", RejoinRequested, "resident_id", message=pii(text(NOTE, nullable=True))
)
REJOIN_APPROVED = contract_of(
    "neighbourhoods", RejoinApproved, "resident_id", reason=pii(text(NOTE, nullable=True))
)
