"""A neighbourhood as the neighbourhoods context knows it, rebuilt from its events; what it
decides on a command: decide.py. `evolve` is the only way state changes, for a live command
and a rebuild alike.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property, reduce

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


@dataclass(frozen=True)
class Neighbourhood:
    """`members` in the order they joined; `founder_id` None once the founder left and no one
    took the role yet. `ended` holds the join ids of memberships that ended, `cancelled` those
    of joins cancelled before they arrived: neither starts a membership again. `redrawing`:
    boundary proposals and attempts (redrawing.py)."""

    neighbourhood_id: uuid.UUID | None = None
    founder_id: uuid.UUID | None = None
    last_founder_id: uuid.UUID | None = None
    name: str = ""
    description: str = ""
    boundary: Boundary | None = None
    open: bool = False
    members: tuple[Member, ...] = ()
    removed: frozenset[uuid.UUID] = frozenset()
    rejoin_requests: frozenset[uuid.UUID] = frozenset()
    offered_to: uuid.UUID | None = None
    declined: frozenset[uuid.UUID] = frozenset()
    ended: frozenset[uuid.UUID] = frozenset()
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

    # Looked up by resident and by join on every command and at each member's turn of a
    # succession: a scan of `members` each time made a join cost the square of the members.
    @cached_property
    def _by_resident(self) -> dict[uuid.UUID, Member]:
        return _first_by(self.members, lambda m: m.resident_id)

    @cached_property
    def _by_join(self) -> dict[uuid.UUID, Member]:
        return _first_by(self.members, lambda m: m.join_id)

    def member(self, resident_id: uuid.UUID) -> Member | None:
        return self._by_resident.get(resident_id)

    def is_moderator(self, resident_id: uuid.UUID) -> bool:
        """The founder counts as a moderator."""
        if resident_id == self.founder_id:
            return True
        member = self.member(resident_id)
        return member is not None and member.moderator_since is not None

    @property
    def moderators(self) -> tuple[uuid.UUID, ...]:
        return tuple(
            m.resident_id
            for m in self.members
            if m.moderator_since is not None or m.resident_id == self.founder_id
        )

    def live_join(self, join_id: uuid.UUID) -> Member | None:
        return self._by_join.get(join_id)

    def arrived(self, join_id: uuid.UUID) -> bool:
        """True once the join started a membership here, ended since or not."""
        return join_id in self.ended or self.live_join(join_id) is not None


INITIAL = Neighbourhood()


def _first_by(
    members: tuple[Member, ...], key: Callable[[Member], uuid.UUID]
) -> dict[uuid.UUID, Member]:
    """Each key's first member, in the order they joined."""
    found: dict[uuid.UUID, Member] = {}
    for m in members:
        found.setdefault(key(m), m)
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
            member = Member(event.resident_id, event.join_id, event.joined_at)
            return replace(state, members=(*state.members, member))
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
        members=tuple(m for m in state.members if m.join_id != join_id),
        founder_id=None if state.founder_id == resident_id else state.founder_id,
        offered_to=None if state.offered_to == resident_id else state.offered_to,
        declined=state.declined - {resident_id},
        ended=state.ended | {join_id},
    )


def _moderator(
    state: Neighbourhood, resident_id: uuid.UUID, since: datetime | None
) -> Neighbourhood:
    members = tuple(
        replace(m, moderator_since=since) if m.resident_id == resident_id else m
        for m in state.members
    )
    return replace(state, members=members)


def fold(events: list[NeighbourhoodEvent]) -> Neighbourhood:
    return reduce(evolve, events, INITIAL)
