"""Neighbourhoods contracts of roles: moderators appointed and dismissed by the founder, the
moderator role offered to the longest-standing member when no moderator is left, and the
founder's role passing on when the founder goes. Declared in contracts.neighbourhoods.

The founder counts as a moderator; ModeratorAppointed is never recorded for them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from ..fields import contract_of, text
from ..pii import pii
from .places import NOTE


@dataclass(frozen=True)
class ModeratorAppointed:
    """The founder made a member a moderator (founder in the metadata)."""

    neighbourhood_id: uuid.UUID
    resident_id: uuid.UUID
    appointed_at: datetime


@dataclass(frozen=True)
class ModeratorDismissed:
    """The founder took the moderator role back (founder in the metadata); the resident stays a
    member. `reason` is free text about the dismissed moderator, sealed with their key."""

    neighbourhood_id: uuid.UUID
    resident_id: uuid.UUID
    reason: str | None
    dismissed_at: datetime


@dataclass(frozen=True)
class ModeratorRoleOffered:
    """No moderator is left: the role is offered to the longest-standing member who has not
    declined it yet. An offer stands until accepted, declined or its member is gone."""

    neighbourhood_id: uuid.UUID
    resident_id: uuid.UUID
    offered_at: datetime


@dataclass(frozen=True)
class ModeratorRoleAccepted:
    """The member took the offered role and is a moderator."""

    neighbourhood_id: uuid.UUID
    resident_id: uuid.UUID
    accepted_at: datetime


@dataclass(frozen=True)
class ModeratorRoleDeclined:
    """The member turned the offered role down; it goes to the next longest-standing member."""

    neighbourhood_id: uuid.UUID
    resident_id: uuid.UUID
    declined_at: datetime


@dataclass(frozen=True)
class FounderRolePassed:
    """The founder is no longer a member: their role (appointing and dismissing moderators)
    passes to the longest-standing moderator, or to whoever accepts the offered role."""

    neighbourhood_id: uuid.UUID
    resident_id: uuid.UUID
    previous_founder_id: uuid.UUID
    passed_at: datetime


MODERATOR_APPOINTED = contract_of("neighbourhoods", ModeratorAppointed, "resident_id")
MODERATOR_DISMISSED = contract_of(
    "neighbourhoods", ModeratorDismissed, "resident_id", reason=pii(text(NOTE, nullable=True))
)
MODERATOR_ROLE_OFFERED = contract_of("neighbourhoods", ModeratorRoleOffered, "resident_id")
MODERATOR_ROLE_ACCEPTED = contract_of("neighbourhoods", ModeratorRoleAccepted, "resident_id")
MODERATOR_ROLE_DECLINED = contract_of("neighbourhoods", ModeratorRoleDeclined, "resident_id")
FOUNDER_ROLE_PASSED = contract_of("neighbourhoods", FounderRolePassed, "resident_id")
