"""The neighbourhoods context's command handlers: load a stream, fold it, decide, append with the
version read.

    handlers = NeighbourhoodHandlers(store, codec, clock, Settings())
    created = handlers.create(command_id, founder_id, "Les Lilas", "", boundary, home)
    position = handlers.join(command_id, created.neighbourhood_id, resident_id, home)

Every command names a `command_id` chosen by the caller; event ids (and the ids of the
neighbourhood and of the membership) are derived from it with uuid5, so a repeated command
appends nothing twice and answers as the first attempt did. Each method returns the position of
the last event it is about, for read-your-writes queries. What identity knows (a verified home
and when it was verified, members' homes) is passed in by the caller, from its read model.
Founding, joining, leaving, removal and withdrawal touch two streams: handlers/membership.py;
the boundary's commands are in handlers/boundary.py.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from contracts.envelope import Metadata
from neighbourhoods.commands import (
    AcceptModeratorRole,
    AppointModerator,
    ApproveRejoin,
    ChangeDescription,
    CreateNeighbourhood,
    DeclineModeratorRole,
    DismissModerator,
    JoinNeighbourhood,
    LeaveNeighbourhood,
    NeighbourhoodCommand,
    RemoveMember,
    RenameNeighbourhood,
    RequestRejoin,
    Settings,
    VerifiedHome,
    WithdrawResident,
)
from neighbourhoods.domain.geometry import Point
from neighbourhoods.domain.neighbourhood import neighbourhood_id_for
from neighbourhoods.handlers.base import SYSTEM, Streams, resident_actor
from neighbourhoods.handlers.boundary import Boundaries, Redrawn
from neighbourhoods.handlers.membership import Memberships
from services.eventstore import EventStore
from services.eventstore.codec import Codec
from services.eventstore.handling import Outcome, derived_id, event_id

__all__ = [
    "SYSTEM",
    "Created",
    "NeighbourhoodHandlers",
    "Outcome",
    "Point",
    "Redrawn",
    "Settings",
    "VerifiedHome",
    "derived_id",
    "event_id",
]


@dataclass(frozen=True)
class Created:
    neighbourhood_id: uuid.UUID
    position: str | None


class NeighbourhoodHandlers:
    """Every neighbourhoods command. Raises the domain's errors (domain/errors.py) unchanged."""

    def __init__(
        self,
        store: EventStore,
        codec: Codec,
        clock: Callable[[], datetime],
        settings: Settings | None = None,
    ) -> None:
        self._streams = streams = Streams(store, codec, clock, settings)
        self._memberships = memberships = Memberships(streams)
        boundaries = Boundaries(streams)
        self.neighbourhood = streams.neighbourhood
        self.places = streams.places
        self.change_boundary = boundaries.change_boundary
        self.decide_boundary_proposal = boundaries.decide_boundary_proposal
        self.release_stale_reservations = memberships.release_stale_reservations

    # Founding and membership

    def create(
        self,
        command_id: uuid.UUID,
        founder_id: uuid.UUID,
        name: str,
        description: str,
        boundary: Any,
        founder_home: VerifiedHome | None,
    ) -> Created:
        """Found a neighbourhood; the founder is its first member and holds a place for it.
        Raises InvalidBoundary (BoundaryTooSmall, BoundaryTooLarge), InvalidName,
        InvalidDescription, NotVerified, HomeOutsideBoundary or TooManyNeighbourhoods."""
        neighbourhood_id = neighbourhood_id_for(command_id)
        settings = self._streams.settings

        def command(at: datetime) -> NeighbourhoodCommand:
            return CreateNeighbourhood(
                command_id, neighbourhood_id, founder_id, name, description, boundary,
                founder_home, settings.boundary, settings.members_to_open, at,
            )  # fmt: skip

        position = self._memberships.join(
            command_id, neighbourhood_id, founder_id, founder_home, command
        )
        return Created(neighbourhood_id, position)

    def join(
        self,
        command_id: uuid.UUID,
        neighbourhood_id: uuid.UUID,
        resident_id: uuid.UUID,
        home: VerifiedHome | None,
    ) -> str | None:
        """Raises UnknownNeighbourhood, NotVerified, AlreadyMember, RejoinNeedsApproval,
        HomeOutsideBoundary (with distance_m) or TooManyNeighbourhoods."""
        members_to_open = self._streams.settings.members_to_open

        def command(at: datetime) -> NeighbourhoodCommand:
            return JoinNeighbourhood(
                command_id, neighbourhood_id, resident_id, home, members_to_open, at
            )

        return self._memberships.join(command_id, neighbourhood_id, resident_id, home, command)

    def leave(
        self, command_id: uuid.UUID, neighbourhood_id: uuid.UUID, resident_id: uuid.UUID
    ) -> str | None:
        """Raises NotAMember. The last moderator may leave: the role is then offered."""
        command = LeaveNeighbourhood(
            command_id, neighbourhood_id, resident_id, self._streams.clock()
        )
        metadata = Metadata.start(resident_actor(resident_id), command_id)
        return self._memberships.end(command_id, resident_id, metadata, command, "left")

    def remove_member(
        self,
        command_id: uuid.UUID,
        neighbourhood_id: uuid.UUID,
        moderator_id: uuid.UUID,
        resident_id: uuid.UUID,
        reason: str,
    ) -> str | None:
        """Raises NotAModerator, NotAMember, CannotRemoveYourself, CannotRemoveFounder,
        NotTheFounder (a moderator is removed by the founder only) or ReasonRequired."""
        command = RemoveMember(
            command_id, neighbourhood_id, moderator_id, resident_id, reason, self._streams.clock()
        )
        metadata = Metadata.start(resident_actor(moderator_id), command_id)
        return self._memberships.end(command_id, resident_id, metadata, command, "removed")

    def withdraw_resident(
        self, command_id: uuid.UUID, resident_id: uuid.UUID, cause: str, withdrawn_at: datetime
    ) -> str | None:
        """The resident's verified home was withdrawn at `withdrawn_at` (identity's event time;
        `cause` one of WITHDRAWAL_CAUSES): end every membership relying on a verification at or
        before that moment, and none relying on a later one, however late this comes. Issued by
        a policy (actor "system:neighbourhoods") with a command id derived from identity's
        event: repeated, it completes what it began and touches nothing reserved since."""
        return self._memberships.withdraw(
            WithdrawResident(command_id, resident_id, cause, withdrawn_at)
        )

    # Coming back after a removal

    def request_rejoin(
        self,
        command_id: uuid.UUID,
        neighbourhood_id: uuid.UUID,
        resident_id: uuid.UUID,
        message: str | None = None,
    ) -> str | None:
        """Raises NotRemoved or AlreadyMember."""
        command = RequestRejoin(
            command_id, neighbourhood_id, resident_id, message, self._streams.clock()
        )
        return self._by(resident_id, command)

    def approve_rejoin(
        self,
        command_id: uuid.UUID,
        neighbourhood_id: uuid.UUID,
        moderator_id: uuid.UUID,
        resident_id: uuid.UUID,
        reason: str | None = None,
    ) -> str | None:
        """The resident may then join again. Raises NotAModerator or NoRejoinRequest."""
        command = ApproveRejoin(
            command_id, neighbourhood_id, moderator_id, resident_id, reason, self._streams.clock()
        )
        return self._by(moderator_id, command)

    # The place itself

    def rename(
        self, command_id: uuid.UUID, neighbourhood_id: uuid.UUID, actor_id: uuid.UUID, name: str
    ) -> str | None:
        """Raises NotAModerator or InvalidName."""
        command = RenameNeighbourhood(
            command_id, neighbourhood_id, actor_id, name, self._streams.clock()
        )
        return self._by(actor_id, command)

    def change_description(
        self,
        command_id: uuid.UUID,
        neighbourhood_id: uuid.UUID,
        actor_id: uuid.UUID,
        description: str,
    ) -> str | None:
        """Raises NotAModerator or InvalidDescription."""
        command = ChangeDescription(
            command_id, neighbourhood_id, actor_id, description, self._streams.clock()
        )
        return self._by(actor_id, command)

    # Roles

    def appoint_moderator(
        self,
        command_id: uuid.UUID,
        neighbourhood_id: uuid.UUID,
        founder_id: uuid.UUID,
        resident_id: uuid.UUID,
    ) -> str | None:
        """Raises NotTheFounder, NotAMember or AlreadyModerator."""
        command = AppointModerator(
            command_id, neighbourhood_id, founder_id, resident_id, self._streams.clock()
        )
        return self._by(founder_id, command)

    def dismiss_moderator(
        self,
        command_id: uuid.UUID,
        neighbourhood_id: uuid.UUID,
        founder_id: uuid.UUID,
        resident_id: uuid.UUID,
        reason: str | None = None,
    ) -> str | None:
        """Raises NotTheFounder, CannotDismissFounder or NotAModerator."""
        command = DismissModerator(
            command_id, neighbourhood_id, founder_id, resident_id, reason, self._streams.clock()
        )
        return self._by(founder_id, command)

    def accept_moderator_role(
        self, command_id: uuid.UUID, neighbourhood_id: uuid.UUID, resident_id: uuid.UUID
    ) -> str | None:
        """Raises NoModeratorRoleOffered."""
        command = AcceptModeratorRole(
            command_id, neighbourhood_id, resident_id, self._streams.clock()
        )
        return self._by(resident_id, command)

    def decline_moderator_role(
        self, command_id: uuid.UUID, neighbourhood_id: uuid.UUID, resident_id: uuid.UUID
    ) -> str | None:
        """The role is then offered to the next longest-standing member. Raises
        NoModeratorRoleOffered."""
        command = DeclineModeratorRole(
            command_id, neighbourhood_id, resident_id, self._streams.clock()
        )
        return self._by(resident_id, command)

    def _by(self, actor_id: uuid.UUID, command: NeighbourhoodCommand) -> str | None:
        metadata = Metadata.start(resident_actor(actor_id), command.command_id)
        return self._streams.run(command, command.command_id, metadata).position
