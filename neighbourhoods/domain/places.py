"""The places a resident holds among neighbourhoods (their stream), at most `max_neighbourhoods`,
each for one join: a membership holds a place here and a line on the neighbourhood's roster under
the same join id (docs/decisions/0005).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import reduce

from contracts.neighbourhoods.events import (
    WITHDRAWAL_CAUSES,
    MembershipReleased,
    MembershipReserved,
    ResidentStreamEvent,
    ResidentWithdrawn,
)
from neighbourhoods.commands import (
    ReleaseMembership,
    ReserveMembership,
    ResidentCommand,
    WithdrawResident,
)
from neighbourhoods.domain.errors import JoinWasCancelled, NotVerified, TooManyNeighbourhoods


def resident_stream(resident_id: uuid.UUID) -> str:
    return f"neighbourhoods.resident-{resident_id}"


@dataclass(frozen=True)
class Place:
    """A place a resident holds among their neighbourhoods, for the join `join_id`, relying on
    the verification of their home at `verified_at` (None: unknown, so any earlier one)."""

    neighbourhood_id: uuid.UUID
    join_id: uuid.UUID
    reserved_at: datetime
    verified_at: datetime | None

    def relies_on_verification_before(self, moment: datetime) -> bool:
        """True if the join relied on a verification at or before `moment` (or an unknown one):
        a withdrawal at `moment` ends it."""
        return self.verified_at is None or self.verified_at <= moment


@dataclass(frozen=True)
class Places:
    """A resident's places, in the order reserved; `released` holds the join ids released;
    `withdrawn_at` the last time their verified home was withdrawn, and why."""

    places: tuple[Place, ...] = ()
    released: frozenset[uuid.UUID] = frozenset()
    withdrawn_at: datetime | None = None
    withdrawal_cause: str | None = None

    def holds(self, join_id: uuid.UUID) -> bool:
        return any(p.join_id == join_id for p in self.places)


NO_PLACES = Places()


def evolve_places(state: Places, event: ResidentStreamEvent) -> Places:
    match event:
        case MembershipReserved():
            place = Place(
                event.neighbourhood_id, event.join_id, event.reserved_at, event.verified_at
            )
            return replace(state, places=(*state.places, place))
        case MembershipReleased():
            return replace(
                state,
                places=tuple(p for p in state.places if p.join_id != event.join_id),
                released=state.released | {event.join_id},
            )
        case ResidentWithdrawn():
            return replace(state, withdrawn_at=event.withdrawn_at, withdrawal_cause=event.cause)
    return state


def fold_places(events: Iterable[ResidentStreamEvent]) -> Places:
    return reduce(evolve_places, events, NO_PLACES)


def decide_places(command: ResidentCommand, state: Places) -> list[ResidentStreamEvent]:
    """The places a resident holds: at most `max_neighbourhoods`, each for one join."""
    match command:
        case ReserveMembership():
            return _reserve(command, state)
        case ReleaseMembership():
            if not state.holds(command.join_id):
                return []
            return [
                MembershipReleased(
                    command.resident_id,
                    command.neighbourhood_id,
                    command.join_id,
                    command.cause,
                    command.at,
                )
            ]
        case WithdrawResident():
            if command.cause not in WITHDRAWAL_CAUSES:
                raise ValueError(f"a withdrawal's cause is one of {', '.join(WITHDRAWAL_CAUSES)}")
            if state.withdrawn_at is not None and state.withdrawn_at >= command.at:
                return []
            return [ResidentWithdrawn(command.resident_id, command.cause, command.at)]
    raise TypeError(f"not a resident command: {type(command).__name__}")


def withdrawn_places(
    command: WithdrawResident, history: Sequence[ResidentStreamEvent], recorded: int | None
) -> tuple[Place, ...]:
    """The places the withdrawal `command` ends: those held just before its ResidentWithdrawn,
    at index `recorded` of the resident's stream `history` (None when it recorded nothing, a
    withdrawal as late being there already: held now), whose join relied on a verification
    at or before the withdrawal. A place reserved after it relies on a later verification, and
    the same command repeated must leave it; so must a withdrawal handled late leave a join
    relying on a verification made since. Some may have been released already."""
    before = history if recorded is None else history[:recorded]
    return tuple(
        place
        for place in fold_places(before).places
        if place.relies_on_verification_before(command.at)
    )


def _reserve(command: ReserveMembership, state: Places) -> list[ResidentStreamEvent]:
    if state.holds(command.join_id):
        return []
    if command.join_id in state.released:
        raise JoinWasCancelled("this join was refused or cancelled: join again")
    if command.verified_at is None:
        raise NotVerified("only a resident with a verified home joins a neighbourhood")
    if state.withdrawn_at is not None and command.verified_at <= state.withdrawn_at:
        raise NotVerified("your home is no longer verified")
    if len(state.places) >= command.max_neighbourhoods:
        raise TooManyNeighbourhoods(command.max_neighbourhoods)
    return [
        MembershipReserved(
            command.resident_id,
            command.neighbourhood_id,
            command.join_id,
            command.at,
            command.verified_at,
        )
    ]
