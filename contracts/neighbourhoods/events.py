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
its members. The dataclasses and schemas live in neighbourhoods_places, neighbourhoods_boundary,
neighbourhoods_members, neighbourhoods_roles and neighbourhoods_residents; this module declares
them and is the one to import from.
"""

from __future__ import annotations

from marshmallow import Schema

from ..registry import EventContract, OldVersion, declare
from .boundary import (
    BOUNDARY_REFUSALS,
    BoundaryChangeApproved,
    BoundaryChangeApprovedSchema,
    BoundaryChangeProposed,
    BoundaryChangeProposedSchema,
    BoundaryChangeRefused,
    BoundaryChangeRefusedSchema,
    BoundaryChangeRejected,
    BoundaryChangeRejectedSchema,
)
from .members import (
    WITHDRAWAL_CAUSES,
    JoinCancelled,
    JoinCancelledSchema,
    MemberJoined,
    MemberJoinedSchema,
    MemberLeft,
    MemberLeftSchema,
    MemberRemoved,
    MemberRemovedSchema,
    MemberWithdrawn,
    MemberWithdrawnSchema,
    RejoinApproved,
    RejoinApprovedSchema,
    RejoinRequested,
    RejoinRequestedSchema,
)
from .places import (
    BOUNDARY_TYPES,
    DESCRIPTION,
    NAME,
    NOTE,
    BoundaryChanged,
    BoundaryChangedSchema,
    NeighbourhoodCreated,
    NeighbourhoodCreatedSchema,
    NeighbourhoodDescriptionChanged,
    NeighbourhoodDescriptionChangedSchema,
    NeighbourhoodOpened,
    NeighbourhoodOpenedSchema,
    NeighbourhoodRenamed,
    NeighbourhoodRenamedSchema,
    validate_boundary,
)
from .residents import (
    RELEASE_CAUSES,
    MembershipReleased,
    MembershipReleasedSchema,
    MembershipReserved,
    MembershipReservedSchema,
    MembershipReservedV1Schema,
    ResidentWithdrawn,
    ResidentWithdrawnSchema,
    membership_reserved_v1_to_v2,
)
from .roles import (
    FounderRolePassed,
    FounderRolePassedSchema,
    ModeratorAppointed,
    ModeratorAppointedSchema,
    ModeratorDismissed,
    ModeratorDismissedSchema,
    ModeratorRoleAccepted,
    ModeratorRoleAcceptedSchema,
    ModeratorRoleDeclined,
    ModeratorRoleDeclinedSchema,
    ModeratorRoleOffered,
    ModeratorRoleOfferedSchema,
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
    "WITHDRAWAL_CAUSES",
    "BoundaryChangeApproved",
    "BoundaryChangeApprovedSchema",
    "BoundaryChangeProposed",
    "BoundaryChangeProposedSchema",
    "BoundaryChangeRefused",
    "BoundaryChangeRefusedSchema",
    "BoundaryChangeRejected",
    "BoundaryChangeRejectedSchema",
    "BoundaryChanged",
    "BoundaryChangedSchema",
    "FounderRolePassed",
    "FounderRolePassedSchema",
    "JoinCancelled",
    "JoinCancelledSchema",
    "MemberJoined",
    "MemberJoinedSchema",
    "MemberLeft",
    "MemberLeftSchema",
    "MemberRemoved",
    "MemberRemovedSchema",
    "MemberWithdrawn",
    "MemberWithdrawnSchema",
    "MembershipReleased",
    "MembershipReleasedSchema",
    "MembershipReserved",
    "MembershipReservedSchema",
    "MembershipReservedV1Schema",
    "ModeratorAppointed",
    "ModeratorAppointedSchema",
    "ModeratorDismissed",
    "ModeratorDismissedSchema",
    "ModeratorRoleAccepted",
    "ModeratorRoleAcceptedSchema",
    "ModeratorRoleDeclined",
    "ModeratorRoleDeclinedSchema",
    "ModeratorRoleOffered",
    "ModeratorRoleOfferedSchema",
    "NeighbourhoodCreated",
    "NeighbourhoodCreatedSchema",
    "NeighbourhoodDescriptionChanged",
    "NeighbourhoodDescriptionChangedSchema",
    "NeighbourhoodEvent",
    "NeighbourhoodOpened",
    "NeighbourhoodOpenedSchema",
    "NeighbourhoodRenamed",
    "NeighbourhoodRenamedSchema",
    "RejoinApproved",
    "RejoinApprovedSchema",
    "RejoinRequested",
    "RejoinRequestedSchema",
    "ResidentStreamEvent",
    "ResidentWithdrawn",
    "ResidentWithdrawnSchema",
    "membership_reserved_v1_to_v2",
    "validate_boundary",
]


def _place(name: str, cls: type, schema: type[Schema]) -> EventContract:
    return declare(f"neighbourhoods.{name}", 1, cls, schema)


def _about_resident(name: str, cls: type, schema: type[Schema]) -> EventContract:
    return declare(f"neighbourhoods.{name}", 1, cls, schema, subject="resident_id")


NEIGHBOURHOOD_CREATED = _place(
    "NeighbourhoodCreated", NeighbourhoodCreated, NeighbourhoodCreatedSchema
)
NEIGHBOURHOOD_RENAMED = _place(
    "NeighbourhoodRenamed", NeighbourhoodRenamed, NeighbourhoodRenamedSchema
)
NEIGHBOURHOOD_DESCRIPTION_CHANGED = _place(
    "NeighbourhoodDescriptionChanged",
    NeighbourhoodDescriptionChanged,
    NeighbourhoodDescriptionChangedSchema,
)
BOUNDARY_CHANGED = _place("BoundaryChanged", BoundaryChanged, BoundaryChangedSchema)
BOUNDARY_CHANGE_PROPOSED = _place(
    "BoundaryChangeProposed", BoundaryChangeProposed, BoundaryChangeProposedSchema
)
BOUNDARY_CHANGE_APPROVED = _place(
    "BoundaryChangeApproved", BoundaryChangeApproved, BoundaryChangeApprovedSchema
)
BOUNDARY_CHANGE_REJECTED = _place(
    "BoundaryChangeRejected", BoundaryChangeRejected, BoundaryChangeRejectedSchema
)
BOUNDARY_CHANGE_REFUSED = _place(
    "BoundaryChangeRefused", BoundaryChangeRefused, BoundaryChangeRefusedSchema
)
NEIGHBOURHOOD_OPENED = _place("NeighbourhoodOpened", NeighbourhoodOpened, NeighbourhoodOpenedSchema)
MEMBER_JOINED = _about_resident("MemberJoined", MemberJoined, MemberJoinedSchema)
MEMBER_LEFT = _about_resident("MemberLeft", MemberLeft, MemberLeftSchema)
MEMBER_REMOVED = _about_resident("MemberRemoved", MemberRemoved, MemberRemovedSchema)
MEMBER_WITHDRAWN = _about_resident("MemberWithdrawn", MemberWithdrawn, MemberWithdrawnSchema)
JOIN_CANCELLED = _about_resident("JoinCancelled", JoinCancelled, JoinCancelledSchema)
REJOIN_REQUESTED = _about_resident("RejoinRequested", RejoinRequested, RejoinRequestedSchema)
REJOIN_APPROVED = _about_resident("RejoinApproved", RejoinApproved, RejoinApprovedSchema)
MODERATOR_APPOINTED = _about_resident(
    "ModeratorAppointed", ModeratorAppointed, ModeratorAppointedSchema
)
MODERATOR_DISMISSED = _about_resident(
    "ModeratorDismissed", ModeratorDismissed, ModeratorDismissedSchema
)
MODERATOR_ROLE_OFFERED = _about_resident(
    "ModeratorRoleOffered", ModeratorRoleOffered, ModeratorRoleOfferedSchema
)
MODERATOR_ROLE_ACCEPTED = _about_resident(
    "ModeratorRoleAccepted", ModeratorRoleAccepted, ModeratorRoleAcceptedSchema
)
MODERATOR_ROLE_DECLINED = _about_resident(
    "ModeratorRoleDeclined", ModeratorRoleDeclined, ModeratorRoleDeclinedSchema
)
FOUNDER_ROLE_PASSED = _about_resident(
    "FounderRolePassed", FounderRolePassed, FounderRolePassedSchema
)
MEMBERSHIP_RESERVED = declare(
    "neighbourhoods.MembershipReserved",
    2,
    MembershipReserved,
    MembershipReservedSchema,
    subject="resident_id",
    history=[OldVersion(1, MembershipReservedV1Schema, upcast=membership_reserved_v1_to_v2)],
)
MEMBERSHIP_RELEASED = _about_resident(
    "MembershipReleased", MembershipReleased, MembershipReleasedSchema
)
RESIDENT_WITHDRAWN = _about_resident(
    "ResidentWithdrawn", ResidentWithdrawn, ResidentWithdrawnSchema
)

CONTRACTS: tuple[EventContract, ...] = (
    NEIGHBOURHOOD_CREATED,
    NEIGHBOURHOOD_RENAMED,
    NEIGHBOURHOOD_DESCRIPTION_CHANGED,
    BOUNDARY_CHANGED,
    BOUNDARY_CHANGE_PROPOSED,
    BOUNDARY_CHANGE_APPROVED,
    BOUNDARY_CHANGE_REJECTED,
    BOUNDARY_CHANGE_REFUSED,
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
        NEIGHBOURHOOD_RENAMED,
        NEIGHBOURHOOD_DESCRIPTION_CHANGED,
        BOUNDARY_CHANGED,
        BOUNDARY_CHANGE_PROPOSED,
        BOUNDARY_CHANGE_APPROVED,
        BOUNDARY_CHANGE_REJECTED,
        BOUNDARY_CHANGE_REFUSED,
        MEMBER_REMOVED,
        REJOIN_APPROVED,
        MODERATOR_APPOINTED,
        MODERATOR_DISMISSED,
    )
)
"""Event types recording a moderator's (or the founder's) decision, and every attempt to redraw
the boundary with an operator's decision on it: the moderation log."""

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
