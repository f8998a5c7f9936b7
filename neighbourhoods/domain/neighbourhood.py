"""A neighbourhood as the neighbourhoods context knows it, rebuilt from its events; what it
decides on a command: decide.py. `evolve` is the only way state changes, for a live command
and a rebuild alike.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property, reduce
from typing import Literal

from contracts.neighbourhoods.events import (
    BoundaryChangeApproved,
    BoundaryChanged,
    BoundaryChangeProposed,
    BoundaryChangeRefused,
    BoundaryChangeRejected,
    FounderRolePassed,
    JoinCancelled,
    MemberJoined,
    MemberLeft,
    MemberRemoved,
    MemberWithdrawn,
    ModeratorAppointed,
    ModeratorDismissed,
    ModeratorRoleAccepted,
    ModeratorRoleDeclined,
    ModeratorRoleOffered,
    NeighbourhoodCreated,
    NeighbourhoodDescriptionChanged,
    NeighbourhoodEvent,
    NeighbourhoodOpened,
    NeighbourhoodRenamed,
    RejoinApproved,
    RejoinRequested,
)
from neighbourhoods.domain.geometry import Boundary, boundary_of
from neighbourhoods.domain.redrawing import Redrawing


def neighbourhood_stream(neighbourhood_id: uuid.UUID) -> str:
    return f"neighbourhoods.neighbourhood-{neighbourhood_id}"


def neighbourhood_id_for(command_id: uuid.UUID) -> uuid.UUID:
    """The id of the neighbourhood a CreateNeighbourhood command founds."""
    return uuid.uuid5(command_id, "neighbourhood")


def join_id_for(command_id: uuid.UUID) -> uuid.UUID:
    """The id of the membership a join (or a creation) starts, in both streams it touches."""
    return uuid.uuid5(command_id, "join")


@dataclass(frozen=True)
class Member:
    resident_id: uuid.UUID
    join_id: uuid.UUID
    joined_at: datetime
    moderator_since: datetime | None = None


Membership = tuple[int, int, datetime, datetime | None]
"""A member as the state keeps them: resident id, join id (the integers of their UUIDs), joined
at, moderator since. A fold remembered between commands (0072) holds a neighbourhood's members
for as long as it is remembered; a tuple of integers and dates is an object the cycle collector
stops walking, where a Member and its two UUIDs were three it walked at every full pass
(bench/collector_pauses.py)."""


def _member(row: Membership) -> Member:
    return Member(uuid.UUID(int=row[0]), uuid.UUID(int=row[1]), row[2], row[3])


@dataclass(frozen=True)
class Neighbourhood:
    """`memberships` in the order they joined (read them as `members`); `founder_id` None once
    the founder left and no one took the role yet. `ended` holds the join ids of memberships
    that ended (their integers, as dict keys: it grows with every departure, for good),
    `cancelled` those of joins cancelled before they arrived: neither starts a membership
    again. `redrawing`: boundary proposals and attempts (redrawing.py)."""

    neighbourhood_id: uuid.UUID | None = None
    founder_id: uuid.UUID | None = None
    last_founder_id: uuid.UUID | None = None
    name: str = ""
    description: str = ""
    boundary: Boundary | None = None
    open: bool = False
    memberships: tuple[Membership, ...] = field(default=(), metadata={"shown_as": "members"})
    removed: frozenset[uuid.UUID] = frozenset()
    rejoin_requests: frozenset[uuid.UUID] = frozenset()
    offered_to: uuid.UUID | None = None
    declined: frozenset[uuid.UUID] = frozenset()
    ended: Mapping[int, None] = field(default_factory=dict, metadata={"shown_as": "ended_joins"})
    cancelled: frozenset[uuid.UUID] = frozenset()
    redrawing: Redrawing = field(default_factory=Redrawing)

    @property
    def exists(self) -> bool:
        return self.neighbourhood_id is not None

    @property
    def status(self) -> str:
        if not self.exists:
            return "unknown"
        return "open" if self.open else "forming"

    @property
    def members(self) -> tuple[Member, ...]:
        """Made anew at each call, one Member per membership: lookups go through `member`
        and `live_join`, a count through `member_count`."""
        return tuple(map(_member, self.memberships))

    @property
    def member_count(self) -> int:
        return len(self.memberships)

    @property
    def ended_joins(self) -> tuple[uuid.UUID, ...]:
        return tuple(uuid.UUID(int=key) for key in self.ended)

    # Looked up by resident and by join on every command and at each member's turn of a
    # succession: a scan of the members each time made a join cost the square of the members.
    # Integers to positions: a dict the cycle collector does not walk either.
    @cached_property
    def _by_resident(self) -> dict[int, int]:
        return _first_by(self.memberships, 0)

    @cached_property
    def _by_join(self) -> dict[int, int]:
        return _first_by(self.memberships, 1)

    def _row(self, resident_id: uuid.UUID) -> Membership | None:
        at = self._by_resident.get(resident_id.int)
        return None if at is None else self.memberships[at]

    def member(self, resident_id: uuid.UUID) -> Member | None:
        row = self._row(resident_id)
        return None if row is None else _member(row)

    def is_moderator(self, resident_id: uuid.UUID) -> bool:
        """The founder counts as a moderator."""
        if resident_id == self.founder_id:
            return True
        row = self._row(resident_id)
        return row is not None and row[3] is not None

    @property
    def moderators(self) -> tuple[uuid.UUID, ...]:
        founder = None if self.founder_id is None else self.founder_id.int
        return tuple(
            uuid.UUID(int=row[0])
            for row in self.memberships
            if row[3] is not None or row[0] == founder
        )

    def live_join(self, join_id: uuid.UUID) -> Member | None:
        at = self._by_join.get(join_id.int)
        return None if at is None else _member(self.memberships[at])

    def arrived(self, join_id: uuid.UUID) -> bool:
        """True once the join started a membership here, ended since or not."""
        return join_id.int in self.ended or self.live_join(join_id) is not None


INITIAL = Neighbourhood()


def _first_by(memberships: tuple[Membership, ...], key: Literal[0, 1]) -> dict[int, int]:
    """Each key's (resident or join) first membership's position, in the order they joined."""
    found: dict[int, int] = {}
    for at, row in enumerate(memberships):
        found.setdefault(row[key], at)
    return found


def evolve(state: Neighbourhood, event: NeighbourhoodEvent) -> Neighbourhood:
    match event:
        case NeighbourhoodCreated():
            return replace(
                state,
                neighbourhood_id=event.neighbourhood_id,
                founder_id=event.founder_id,
                last_founder_id=event.founder_id,
                name=event.name,
                description=event.description,
                boundary=boundary_of(event.boundary),
            )
        case NeighbourhoodRenamed():
            return replace(state, name=event.name)
        case NeighbourhoodDescriptionChanged():
            return replace(state, description=event.description)
        case BoundaryChanged():
            return replace(
                state,
                boundary=boundary_of(event.boundary),
                redrawing=state.redrawing.evolve(event),
            )
        case (
            BoundaryChangeProposed()
            | BoundaryChangeRefused()
            | BoundaryChangeApproved()
            | BoundaryChangeRejected()
        ):
            return replace(state, redrawing=state.redrawing.evolve(event))
        case NeighbourhoodOpened():
            return replace(state, open=True)
        case MemberJoined():
            row = (event.resident_id.int, event.join_id.int, event.joined_at, None)
            return replace(state, memberships=(*state.memberships, row))
        case MemberLeft() | MemberWithdrawn():
            return _depart(state, event.resident_id, event.join_id)
        case MemberRemoved():
            state = _depart(state, event.resident_id, event.join_id)
            return replace(state, removed=state.removed | {event.resident_id})
        case JoinCancelled():
            return replace(state, cancelled=state.cancelled | {event.join_id})
        case RejoinRequested():
            return replace(state, rejoin_requests=state.rejoin_requests | {event.resident_id})
        case RejoinApproved():
            return replace(
                state,
                removed=state.removed - {event.resident_id},
                rejoin_requests=state.rejoin_requests - {event.resident_id},
            )
        case ModeratorAppointed():
            return _moderator(state, event.resident_id, event.appointed_at)
        case ModeratorDismissed():
            return _moderator(state, event.resident_id, None)
        case ModeratorRoleOffered():
            return replace(state, offered_to=event.resident_id)
        case ModeratorRoleAccepted():
            state = _moderator(state, event.resident_id, event.accepted_at)
            return replace(state, offered_to=None, declined=frozenset())
        case ModeratorRoleDeclined():
            return replace(state, offered_to=None, declined=state.declined | {event.resident_id})
        case FounderRolePassed():
            return replace(state, founder_id=event.resident_id, last_founder_id=event.resident_id)
    return state


def _depart(state: Neighbourhood, resident_id: uuid.UUID, join_id: uuid.UUID) -> Neighbourhood:
    return replace(
        state,
        memberships=tuple(row for row in state.memberships if row[1] != join_id.int),
        founder_id=None if state.founder_id == resident_id else state.founder_id,
        offered_to=None if state.offered_to == resident_id else state.offered_to,
        declined=state.declined - {resident_id},
        ended={**state.ended, join_id.int: None},
    )


def _moderator(
    state: Neighbourhood, resident_id: uuid.UUID, since: datetime | None
) -> Neighbourhood:
    key = resident_id.int
    memberships = tuple(
        (row[0], row[1], row[2], since) if row[0] == key else row for row in state.memberships
    )
    return replace(state, memberships=memberships)


def fold(events: list[NeighbourhoodEvent]) -> Neighbourhood:
    return reduce(evolve, events, INITIAL)
