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
    CreateNeighbourhood,
    JoinNeighbourhood,
    LeaveNeighbourhood,
    NeighbourhoodCommand,
    RemoveMember,
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
        self.clock = clock
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
        """The resident leaves (end_membership)."""
        command = LeaveNeighbourhood(command_id, neighbourhood_id, resident_id, self.clock())
        return self.end_membership(command, resident_id)

    def remove_member(
        self,
        command_id: uuid.UUID,
        neighbourhood_id: uuid.UUID,
        moderator_id: uuid.UUID,
        resident_id: uuid.UUID,
        reason: str,
    ) -> str | None:
        """A moderator removes a member (end_membership)."""
        command = RemoveMember(
            command_id, neighbourhood_id, moderator_id, resident_id, reason, self.clock()
        )
        return self.end_membership(command, moderator_id)

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

    def run(self, command: NeighbourhoodCommand, actor_id: uuid.UUID) -> str | None:
        """Run a command decided on its neighbourhood's stream alone (the table in base.py),
        acted by `actor_id`; raises the domain's errors (rename: NotAModerator or InvalidName;
        request_rejoin: NotRemoved or AlreadyMember; ...). Commands that touch two streams
        (leave, remove_member) go through `end_membership`."""
        if isinstance(command, LeaveNeighbourhood | RemoveMember):
            return self.end_membership(command, actor_id)
        metadata = Metadata.start(resident_actor(actor_id), command.command_id)
        return self._streams.run(command, command.command_id, metadata).position

    def end_membership(
        self, command: LeaveNeighbourhood | RemoveMember, actor_id: uuid.UUID
    ) -> str | None:
        """End a membership on the roster, then release its place: leaving (raises NotAMember;
        the last moderator may leave, the role is then offered) or a removal by a moderator
        (raises NotAModerator, NotAMember, CannotRemoveYourself, CannotRemoveFounder,
        NotTheFounder or ReasonRequired)."""
        metadata = Metadata.start(resident_actor(actor_id), command.command_id)
        cause = "left" if isinstance(command, LeaveNeighbourhood) else "removed"
        return self._memberships.end(
            command.command_id, command.resident_id, metadata, command, cause
        )
