"""Contracts of the neighbourhoods context: neighbourhoods, their boundaries, members and roles.

Streams:
- `neighbourhoods.neighbourhood-<neighbourhood_id>`: everything about one neighbourhood, its
  members and roles (NeighbourhoodEvent). Its expected version serialises whatever involves the
  roster: joins against boundary changes, the last moderator leaving, offers of the role.
- `neighbourhoods.resident-<resident_id>`: the places a resident holds among neighbourhoods and
  the withdrawal of their verified home (ResidentStreamEvent). A join reserves its place here
  first, so the per-resident limit holds under concurrent joins; every membership on a
  neighbourhood stream has a reserved place with the same `join_id` (docs/decisions/0005).

Personal data: only free text written about a person is PII, sealed with that person's key:
a removal reason and a dismissal reason (the member concerned), a rejoin approval note and the
request's message (the resident coming back). Names, descriptions and boundaries of places,
and a boundary change's note, are about the place and stored in clear. Homes are never
recorded here: they are facts that commands bring from identity's events. The person who
decided is the event's metadata `actor` ("resident:<uuid>", or "system:neighbourhoods").

MODERATION_EVENTS lists the events that make up a neighbourhood's moderation log, readable by
its members. The dataclasses and their contracts live in the sibling modules places, boundary,
members, roles and residents; this module gathers them and is the one to import from.
"""

from __future__ import annotations

from ..registry import EventContract
from .boundary import (
    BOUNDARY_CHANGE_APPROVED,
    BOUNDARY_CHANGE_PROPOSED,
    BOUNDARY_CHANGE_REFUSED,
    BOUNDARY_CHANGE_REJECTED,
    BOUNDARY_REFUSALS,
    BoundaryChangeApproved,
    BoundaryChangeProposed,
    BoundaryChangeRefused,
    BoundaryChangeRejected,
)
from .members import (
    JOIN_CANCELLED,
    MEMBER_JOINED,
    MEMBER_LEFT,
    MEMBER_REMOVED,
    MEMBER_WITHDRAWN,
    REJOIN_APPROVED,
    REJOIN_REQUESTED,
    WITHDRAWAL_CAUSES,
    JoinCancelled,
    MemberJoined,
    MemberLeft,
    MemberRemoved,
    MemberWithdrawn,
    RejoinApproved,
    RejoinRequested,
)
from .places import (
    BOUNDARY_CHANGED,
    BOUNDARY_TYPES,
    DESCRIPTION,
    NAME,
    NEIGHBOURHOOD_CREATED,
    NEIGHBOURHOOD_DESCRIPTION_CHANGED,
    NEIGHBOURHOOD_OPENED,
    NEIGHBOURHOOD_RENAMED,
    NOTE,
    BoundaryChanged,
    NeighbourhoodCreated,
    NeighbourhoodDescriptionChanged,
    NeighbourhoodOpened,
    NeighbourhoodRenamed,
    validate_boundary,
)
from .residents import (
    MEMBERSHIP_RELEASED,
    MEMBERSHIP_RESERVED,
    RELEASE_CAUSES,
    RESIDENT_WITHDRAWN,
    MembershipReleased,
    MembershipReserved,
    MembershipReservedV1Schema,
    ResidentWithdrawn,
    membership_reserved_v1_to_v2,
)
from .roles import (
    FOUNDER_ROLE_PASSED,
    MODERATOR_APPOINTED,
    MODERATOR_DISMISSED,
    MODERATOR_ROLE_ACCEPTED,
    MODERATOR_ROLE_DECLINED,
    MODERATOR_ROLE_OFFERED,
    FounderRolePassed,
    ModeratorAppointed,
    ModeratorDismissed,
    ModeratorRoleAccepted,
    ModeratorRoleDeclined,
    ModeratorRoleOffered,
)

__all__ = [
    "BOUNDARY_CHANGED",
    "BOUNDARY_CHANGE_APPROVED",
    "BOUNDARY_CHANGE_PROPOSED",
    "BOUNDARY_CHANGE_REFUSED",
    "BOUNDARY_CHANGE_REJECTED",
    "BOUNDARY_REFUSALS",
    "BOUNDARY_TYPES",
    "CONTRACTS",
    "DESCRIPTION",
    "FOUNDER_ROLE_PASSED",
    "JOIN_CANCELLED",
    "MEMBERSHIP_CHANGES",
    "MEMBERSHIP_RELEASED",
    "MEMBERSHIP_RESERVED",
    "MEMBER_JOINED",
    "MEMBER_LEFT",
    "MEMBER_REMOVED",
    "MEMBER_WITHDRAWN",
    "MODERATION_EVENTS",
    "MODERATOR_APPOINTED",
    "MODERATOR_DISMISSED",
    "MODERATOR_ROLE_ACCEPTED",
    "MODERATOR_ROLE_DECLINED",
    "MODERATOR_ROLE_OFFERED",
    "NAME",
    "NEIGHBOURHOOD_CREATED",
    "NEIGHBOURHOOD_DESCRIPTION_CHANGED",
    "NEIGHBOURHOOD_OPENED",
    "NEIGHBOURHOOD_RENAMED",
    "NOTE",
    "REJOIN_APPROVED",
    "REJOIN_REQUESTED",
    "RELEASE_CAUSES",
    "RESIDENT_WITHDRAWN",
    "ROLE_CHANGES",
    "WITHDRAWAL_CAUSES",
    "BoundaryChangeApproved",
    "BoundaryChangeProposed",
    "BoundaryChangeRefused",
    "BoundaryChangeRejected",
    "BoundaryChanged",
    "FounderRolePassed",
    "JoinCancelled",
    "MemberJoined",
    "MemberLeft",
    "MemberRemoved",
    "MemberWithdrawn",
    "MembershipReleased",
    "MembershipReserved",
    "MembershipReservedV1Schema",
    "ModeratorAppointed",
    "ModeratorDismissed",
    "ModeratorRoleAccepted",
    "ModeratorRoleDeclined",
    "ModeratorRoleOffered",
    "NeighbourhoodCreated",
    "NeighbourhoodDescriptionChanged",
    "NeighbourhoodEvent",
    "NeighbourhoodOpened",
    "NeighbourhoodRenamed",
    "RejoinApproved",
    "RejoinRequested",
    "ResidentStreamEvent",
    "ResidentWithdrawn",
    "membership_reserved_v1_to_v2",
    "validate_boundary",
]

# The changes of a neighbourhood's name, description and boundary, proposals and decisions
# included: every one of them is also in the moderation log.
PLACE_CHANGES: tuple[EventContract, ...] = (
    NEIGHBOURHOOD_RENAMED,
    NEIGHBOURHOOD_DESCRIPTION_CHANGED,
    BOUNDARY_CHANGED,
    BOUNDARY_CHANGE_PROPOSED,
    BOUNDARY_CHANGE_APPROVED,
    BOUNDARY_CHANGE_REJECTED,
    BOUNDARY_CHANGE_REFUSED,
)

CONTRACTS: tuple[EventContract, ...] = (
    NEIGHBOURHOOD_CREATED,
    *PLACE_CHANGES,
    NEIGHBOURHOOD_OPENED,
    MEMBER_JOINED,
    MEMBER_LEFT,
    MEMBER_REMOVED,
    MEMBER_WITHDRAWN,
    JOIN_CANCELLED,
    REJOIN_REQUESTED,
    REJOIN_APPROVED,
    MODERATOR_APPOINTED,
    MODERATOR_DISMISSED,
    MODERATOR_ROLE_OFFERED,
    MODERATOR_ROLE_ACCEPTED,
    MODERATOR_ROLE_DECLINED,
    FOUNDER_ROLE_PASSED,
    MEMBERSHIP_RESERVED,
    MEMBERSHIP_RELEASED,
    RESIDENT_WITHDRAWN,
)

MODERATION_EVENTS: tuple[str, ...] = tuple(
    contract.type
    for contract in (
        *PLACE_CHANGES,
        MEMBER_REMOVED,
        REJOIN_APPROVED,
        MODERATOR_APPOINTED,
        MODERATOR_DISMISSED,
    )
)
"""Event types recording a moderator's (or the founder's) decision, and every attempt to redraw
the boundary with an operator's decision on it: the moderation log."""

MEMBERSHIP_CHANGES: tuple[str, ...] = tuple(
    contract.type for contract in (MEMBER_JOINED, MEMBER_LEFT, MEMBER_REMOVED, MEMBER_WITHDRAWN)
)
"""Event types that make a resident a member of a neighbourhood, or end it: what another
context follows to know who is a member where."""

ROLE_CHANGES: tuple[str, ...] = tuple(
    contract.type
    for contract in (
        MODERATOR_APPOINTED,
        MODERATOR_ROLE_ACCEPTED,
        MODERATOR_DISMISSED,
        FOUNDER_ROLE_PASSED,
    )
)
"""Event types that change a member's role (founder, moderator, member)."""

NeighbourhoodEvent = (
    NeighbourhoodCreated
    | NeighbourhoodRenamed
    | NeighbourhoodDescriptionChanged
    | BoundaryChanged
    | BoundaryChangeProposed
    | BoundaryChangeApproved
    | BoundaryChangeRejected
    | BoundaryChangeRefused
    | NeighbourhoodOpened
    | MemberJoined
    | MemberLeft
    | MemberRemoved
    | MemberWithdrawn
    | JoinCancelled
    | RejoinRequested
    | RejoinApproved
    | ModeratorAppointed
    | ModeratorDismissed
    | ModeratorRoleOffered
    | ModeratorRoleAccepted
    | ModeratorRoleDeclined
    | FounderRolePassed
)
"""Every event of a neighbourhood's stream."""

ResidentStreamEvent = MembershipReserved | MembershipReleased | ResidentWithdrawn
"""Every event of a resident's stream in the neighbourhoods context."""
