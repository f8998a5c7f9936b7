"""Handlers of the commands that touch two streams: founding, joining, leaving, removal and
withdrawal. Composed into NeighbourhoodHandlers.

A membership holds a place in the resident's stream (where the limit is counted) and a line in
the neighbourhood's roster, both under the same join id. The order keeps one rule true between
any two appends: every membership on a roster has its place reserved.
- Joining reserves the place first, then records MemberJoined; a refusal by the neighbourhood
  releases the place again.
- Ending a membership records it on the roster first, then releases the place.
A crash between two appends leaves a place held for nothing, which the same command repeated
(same command_id) completes or releases; failing that, the next join that finds the resident at
the limit releases places whose membership ended, and cancels (JoinCancelled) then releases
those whose join never arrived and is older than Settings.stale_reservation; so does the stale
reservations policy (policies/reservations.py) without waiting for that join.
- A withdrawal records itself on the resident's stream, then ends the places it covers
  (withdrawn_places): those reserved before it, relying on a verification it withdrew.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import datetime

from contracts.envelope import Metadata
from contracts.neighbourhoods.events import (
    MemberLeft,
    MemberRemoved,
    MembershipReleased,
    MemberWithdrawn,
)
from neighbourhoods.commands import (
    CancelJoin,
    NeighbourhoodCommand,
    ReleaseMembership,
    ReserveMembership,
    VerifiedHome,
    WithdrawMember,
    WithdrawResident,
)
from neighbourhoods.domain.errors import (
    JoinWasCancelled,
    NeighbourhoodsRefusal,
    NotVerified,
    TooManyNeighbourhoods,
)
from neighbourhoods.domain.neighbourhood import join_id_for
from neighbourhoods.domain.places import fold_places, resident_stream, withdrawn_places
from neighbourhoods.handlers.base import SYSTEM, Streams, resident_actor
from services.eventstore.handling import Outcome, derived_id, event_id

ENDINGS = (MemberLeft, MemberRemoved, MemberWithdrawn)
_STALE = uuid.UUID("3c9a5e27-6b1f-4d83-9e40-2f7d1a6c8b55")


class Memberships:
    """The commands that touch two streams (see the module's docstring)."""

    def __init__(self, streams: Streams) -> None:
        self._streams = streams

    def join(
        self,
        command_id: uuid.UUID,
        neighbourhood_id: uuid.UUID,
        resident_id: uuid.UUID,
        home: VerifiedHome | None,
        command: Callable[[datetime], NeighbourhoodCommand],
    ) -> str | None:
        """Reserve a place for the join, record it on the neighbourhood, check nothing withdrew
        the resident's home meanwhile. `command` builds the neighbourhood's command at a time."""
        at = self._streams.clock()
        join_id = join_id_for(command_id)
        metadata = Metadata.start(resident_actor(resident_id), command_id)
        decided = command(at)
        before = self._streams.neighbourhood(neighbourhood_id)
        if before.arrived(join_id):
            # Done before (its place is reserved first): answer as the first attempt did.
            return self._streams.run(decided, command_id, metadata).position
        # Refuse, and fail any event that cannot be stored, before reserving anything.
        self._streams.rehearse(decided, command_id, metadata)
        verified_at = home.verified_at if home is not None else None
        reserve = ReserveMembership(
            command_id,
            resident_id,
            neighbourhood_id,
            join_id,
            verified_at,
            self._streams.settings.max_neighbourhoods,
            at,
        )
        try:
            reserved = self._streams.run(reserve, command_id, metadata)
        except TooManyNeighbourhoods:
            if not self._repair(command_id, resident_id, at):
                raise
            reserved = self._streams.run(reserve, command_id, metadata)
        if not self._streams.places(resident_id).holds(join_id):
            # Released since: by a refusal of this very command, or a cancellation.
            state = self._streams.neighbourhood(neighbourhood_id)
            if not state.arrived(join_id):
                # The neighbourhood's refusal of this command, if it met one, else the release.
                self._streams.rehearse(decided, command_id, metadata)
                raise JoinWasCancelled("this join was refused or cancelled: join again")
        try:
            joined = self._streams.run(decided, command_id, metadata)
        except NeighbourhoodsRefusal:
            if not self._streams.neighbourhood(neighbourhood_id).arrived(join_id):
                self._release(command_id, resident_id, neighbourhood_id, join_id, "refused")
            raise
        self._unless_withdrawn(command_id, resident_id, neighbourhood_id, join_id, verified_at)
        return self._streams.latest(reserved.position, joined.position)

    def _unless_withdrawn(
        self,
        command_id: uuid.UUID,
        resident_id: uuid.UUID,
        neighbourhood_id: uuid.UUID,
        join_id: uuid.UUID,
        verified_at: datetime | None,
    ) -> None:
        # A withdrawal records itself before it reads the places to end, and a join records
        # itself before it reads this: one of the two always sees the other.
        places = self._streams.places(resident_id)
        if places.withdrawn_at is None or (
            verified_at is not None and verified_at > places.withdrawn_at
        ):
            return
        cause = places.withdrawal_cause or "unverified"
        self._end_or_cancel(command_id, resident_id, neighbourhood_id, join_id, cause)
        raise NotVerified("your home is no longer verified")

    def withdraw(self, command: WithdrawResident) -> str | None:
        rid, command_id = command.resident_id, command.command_id
        metadata = Metadata.start(SYSTEM, command_id)
        withdrawn = self._streams.run(command, command_id, metadata)
        stream = resident_stream(rid)
        recorded, history = self._streams.read(stream)
        # Its ResidentWithdrawn, first of what it decided; absent when it decided nothing.
        ours = event_id(command_id, stream, 0)
        index = next((i for i, r in enumerate(recorded) if r.event_id == ours), None)
        held = fold_places(history)
        positions = [withdrawn.position]
        for place in withdrawn_places(command, history, index):
            if held.holds(place.join_id):
                nid, join_id = place.neighbourhood_id, place.join_id
                positions += self._end_or_cancel(command_id, rid, nid, join_id, command.cause)
                continue
            # Released already (by a first attempt, or otherwise): after its membership ended.
            positions += [
                str(r.position)
                for r, e in zip(recorded, history, strict=True)
                if isinstance(e, MembershipReleased) and e.join_id == place.join_id
            ]
        return self._streams.latest(*positions)

    def end(
        self,
        command_id: uuid.UUID,
        resident_id: uuid.UUID,
        metadata: Metadata,
        command: NeighbourhoodCommand,
        cause: str,
    ) -> str | None:
        """End a membership on the roster, then release its place."""
        ended = self._streams.run(command, command_id, metadata)
        ending = next((e for e in ended.events if isinstance(e, ENDINGS)), None)
        if ending is None:
            return ended.position
        released = self._release(
            command_id, resident_id, command.neighbourhood_id, ending.join_id, cause, metadata.actor
        )
        return self._streams.latest(ended.position, released.position)

    def _end_or_cancel(
        self,
        command_id: uuid.UUID,
        resident_id: uuid.UUID,
        neighbourhood_id: uuid.UUID,
        join_id: uuid.UUID,
        cause: str,
    ) -> list[str | None]:
        """End the membership `join_id` (or cancel that join if it never arrived), then release
        its place. Positions of both steps."""
        key = derived_id(command_id, f"withdraw/{join_id}")
        withdraw = WithdrawMember(
            key, neighbourhood_id, resident_id, join_id, cause, self._streams.clock()
        )
        metadata = Metadata.start(SYSTEM, command_id)
        ended = self._streams.run(withdraw, key, metadata)
        if join_id in self._streams.neighbourhood(neighbourhood_id).cancelled:
            release = "cancelled"
        elif any(isinstance(e, MemberWithdrawn) for e in ended.events):
            release = "withdrawn"
        else:
            release = "ended"  # ended earlier; its release had not been recorded
        released = self._release(command_id, resident_id, neighbourhood_id, join_id, release)
        return [ended.position, released.position]

    def _release(
        self,
        command_id: uuid.UUID,
        resident_id: uuid.UUID,
        neighbourhood_id: uuid.UUID,
        join_id: uuid.UUID,
        cause: str,
        actor: str = SYSTEM,
    ) -> Outcome:
        key = derived_id(command_id, f"release/{join_id}")
        release = ReleaseMembership(
            key, resident_id, neighbourhood_id, join_id, cause, self._streams.clock()
        )
        return self._streams.run(release, key, Metadata.start(actor, command_id))

    def release_stale_reservations(self, resident_ids: Iterable[uuid.UUID]) -> list[uuid.UUID]:
        """For each resident, free the places held for nothing (see the module's docstring),
        as their next join at the limit would; those who had any freed. Issued by the stale
        reservations policy, from any replica: the streams' versions guard each step."""
        at = self._streams.clock()
        return [rid for rid in resident_ids if self._repair(uuid.uuid5(_STALE, str(rid)), rid, at)]

    def _repair(self, command_id: uuid.UUID, resident_id: uuid.UUID, at: datetime) -> bool:
        """Free the places held for nothing (see the module's docstring); True if any was."""
        freed = False
        metadata = Metadata.start(SYSTEM, command_id)
        for place in self._streams.places(resident_id).places:
            nid, join_id = place.neighbourhood_id, place.join_id
            state = self._streams.neighbourhood(nid)
            if state.live_join(join_id) is not None:
                continue
            if not state.arrived(join_id) and join_id not in state.cancelled:
                if at - place.reserved_at < self._streams.settings.stale_reservation:
                    continue  # probably on its way
                key = derived_id(command_id, f"cancel/{join_id}")
                cancel = CancelJoin(key, nid, resident_id, join_id, at)
                self._streams.run(cancel, key, metadata)
                state = self._streams.neighbourhood(nid)
                if state.live_join(join_id) is not None:
                    continue  # it arrived after all: the cancellation changed nothing
            cause = "cancelled" if join_id in state.cancelled else "ended"
            self._release(command_id, resident_id, nid, join_id, cause)
            freed = True
        return freed
