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

from marshmallow import Schema, fields, validate

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


class MemberJoinedSchema(Schema):
    neighbourhood_id = fields.UUID(required=True)
    resident_id = fields.UUID(required=True)
    join_id = fields.UUID(required=True)
    joined_at = fields.AwareDateTime(required=True)


@dataclass(frozen=True)
class MemberLeft:
    """The member left of their own accord. A moderator's roles end with the membership."""

    neighbourhood_id: uuid.UUID
    resident_id: uuid.UUID
    join_id: uuid.UUID
    left_at: datetime


class MemberLeftSchema(Schema):
    neighbourhood_id = fields.UUID(required=True)
    resident_id = fields.UUID(required=True)
    join_id = fields.UUID(required=True)
    left_at = fields.AwareDateTime(required=True)


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


class MemberRemovedSchema(Schema):
    neighbourhood_id = fields.UUID(required=True)
    resident_id = fields.UUID(required=True)
    join_id = fields.UUID(required=True)
    reason = pii(fields.String(required=True, validate=NOTE))
    removed_at = fields.AwareDateTime(required=True)


@dataclass(frozen=True)
class MemberWithdrawn:
    """The membership ended because the resident's home is no longer verified (see
    WITHDRAWAL_CAUSES); recorded by the system, not by a person."""

    neighbourhood_id: uuid.UUID
    resident_id: uuid.UUID
    join_id: uuid.UUID
    cause: str
    withdrawn_at: datetime


class MemberWithdrawnSchema(Schema):
    neighbourhood_id = fields.UUID(required=True)
    resident_id = fields.UUID(required=True)
    join_id = fields.UUID(required=True)
    cause = fields.String(required=True, validate=validate.OneOf(WITHDRAWAL_CAUSES))
    withdrawn_at = fields.AwareDateTime(required=True)


@dataclass(frozen=True)
class JoinCancelled:
    """A join that reserved its place but never reached the neighbourhood (its handler stopped
    between the two) was cancelled, so that it can no longer happen and its place is freed.
    Bookkeeping: no membership began or ended."""

    neighbourhood_id: uuid.UUID
    resident_id: uuid.UUID
    join_id: uuid.UUID
    cancelled_at: datetime


class JoinCancelledSchema(Schema):
    neighbourhood_id = fields.UUID(required=True)
    resident_id = fields.UUID(required=True)
    join_id = fields.UUID(required=True)
    cancelled_at = fields.AwareDateTime(required=True)


@dataclass(frozen=True)
class RejoinRequested:
    """A removed resident asked to come back. `message` is their own free text, if any."""

    neighbourhood_id: uuid.UUID
    resident_id: uuid.UUID
    message: str | None
    requested_at: datetime


class RejoinRequestedSchema(Schema):
    neighbourhood_id = fields.UUID(required=True)
    resident_id = fields.UUID(required=True)
    message = pii(fields.String(required=True, allow_none=True, validate=NOTE))
    requested_at = fields.AwareDateTime(required=True)


@dataclass(frozen=True)
class RejoinApproved:
    """A moderator allowed a removed resident back (actor in the metadata); the resident then
    joins as anyone does. `reason` is the moderator's free text about them, if any."""

    neighbourhood_id: uuid.UUID
    resident_id: uuid.UUID
    reason: str | None
    approved_at: datetime


class RejoinApprovedSchema(Schema):
    neighbourhood_id = fields.UUID(required=True)
    resident_id = fields.UUID(required=True)
    reason = pii(fields.String(required=True, allow_none=True, validate=NOTE))
    approved_at = fields.AwareDateTime(required=True)
