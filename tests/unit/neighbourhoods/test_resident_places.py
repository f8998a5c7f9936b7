"""A resident's places among neighbourhoods: at most a few, one per join, and none for a home
whose verification was withdrawn."""

from __future__ import annotations

import uuid
from datetime import datetime

import pytest

from contracts.neighbourhoods.events import (
    MembershipReleased,
    MembershipReserved,
    ResidentStreamEvent,
    ResidentWithdrawn,
)
from neighbourhoods.commands import ReleaseMembership, ReserveMembership, WithdrawResident
from neighbourhoods.domain.errors import JoinWasCancelled, NotVerified, TooManyNeighbourhoods
from neighbourhoods.domain.places import decide_places, fold_places, withdrawn_places
from tests.unit.neighbourhoods import T0, ids, minutes


def reserve(
    rid: uuid.UUID, join_id: uuid.UUID | None = None, verified_at: datetime = T0
) -> ReserveMembership:
    return ReserveMembership(
        uuid.uuid4(), rid, uuid.uuid4(), join_id or uuid.uuid4(), verified_at, 3, T0
    )


def held(rid: uuid.UUID, n: int) -> list[MembershipReserved]:
    return [MembershipReserved(rid, uuid.uuid4(), uuid.uuid4(), T0, T0) for _ in range(n)]


def test_a_resident_holds_up_to_three_places_and_the_fourth_is_refused() -> None:
    (rid,) = ids(1)
    command = reserve(rid, verified_at=T0 - minutes(2))
    assert decide_places(command, fold_places(held(rid, 2))) == [
        MembershipReserved(rid, command.neighbourhood_id, command.join_id, T0, T0 - minutes(2))
    ]
    with pytest.raises(TooManyNeighbourhoods) as refusal:
        decide_places(reserve(rid), fold_places(held(rid, 3)))
    assert refusal.value.limit == 3


def test_a_released_place_is_free_again_and_its_join_cannot_take_one_again() -> None:
    (rid,) = ids(1)
    places = held(rid, 3)
    first = places[0]
    released = MembershipReleased(rid, first.neighbourhood_id, first.join_id, "left", T0)
    state = fold_places([*places, released])
    assert len(decide_places(reserve(rid), state)) == 1
    with pytest.raises(JoinWasCancelled):
        decide_places(reserve(rid, first.join_id), state)
    assert decide_places(reserve(rid, places[1].join_id), state) == []


def test_releasing_a_place_not_held_changes_nothing() -> None:
    (rid,) = ids(1)
    release = ReleaseMembership(uuid.uuid4(), rid, uuid.uuid4(), uuid.uuid4(), "left", T0)
    assert decide_places(release, fold_places(held(rid, 1))) == []


def test_a_verification_older_than_the_withdrawal_reserves_nothing() -> None:
    (rid,) = ids(1)
    state = fold_places([ResidentWithdrawn(rid, "moved", T0)])
    with pytest.raises(NotVerified):
        decide_places(reserve(rid, verified_at=T0 - minutes(1)), state)
    assert len(decide_places(reserve(rid, verified_at=T0 + minutes(1)), state)) == 1


def test_a_withdrawal_is_recorded_once_for_its_moment() -> None:
    (rid,) = ids(1)
    state = fold_places([ResidentWithdrawn(rid, "moved", T0)])
    again = WithdrawResident(uuid.uuid4(), rid, "moved", T0)
    later = WithdrawResident(uuid.uuid4(), rid, "erased", T0 + minutes(5))
    assert decide_places(again, state) == []
    assert decide_places(later, state) == [ResidentWithdrawn(rid, "erased", T0 + minutes(5))]


def reserved(rid: uuid.UUID, verified_at: datetime | None) -> MembershipReserved:
    return MembershipReserved(rid, uuid.uuid4(), uuid.uuid4(), T0, verified_at)


def test_a_withdrawal_ends_only_places_relying_on_a_verification_up_to_its_moment() -> None:
    (rid,) = ids(1)
    older, same, newer, unknown = (
        reserved(rid, at) for at in (T0 - minutes(1), T0, T0 + minutes(1), None)
    )
    withdraw = WithdrawResident(uuid.uuid4(), rid, "moved", T0)
    history: list[ResidentStreamEvent] = [older, same, newer, unknown]
    history.append(ResidentWithdrawn(rid, "moved", T0))
    ended = withdrawn_places(withdraw, history, recorded=4)
    assert [p.join_id for p in ended] == [older.join_id, same.join_id, unknown.join_id]


def test_a_withdrawal_ends_nothing_reserved_after_it_nor_released_before_it() -> None:
    (rid,) = ids(1)
    gone, kept, later = reserved(rid, None), reserved(rid, None), reserved(rid, None)
    release = MembershipReleased(rid, gone.neighbourhood_id, gone.join_id, "left", T0)
    withdraw = WithdrawResident(uuid.uuid4(), rid, "moved", T0 + minutes(1))
    history: list[ResidentStreamEvent] = [gone, kept, release]
    history += [ResidentWithdrawn(rid, "moved", T0 + minutes(1)), later]
    assert [p.join_id for p in withdrawn_places(withdraw, history, recorded=3)] == [kept.join_id]


def test_a_withdrawal_that_recorded_nothing_ends_the_places_held_now_relying_on_it() -> None:
    (rid,) = ids(1)
    older, newer = reserved(rid, T0), reserved(rid, T0 + minutes(9))
    # A later withdrawal, recorded late too, stopped before ending `older`.
    history: list[ResidentStreamEvent] = [older, newer]
    history.append(ResidentWithdrawn(rid, "erased", T0 + minutes(5)))
    late = WithdrawResident(uuid.uuid4(), rid, "moved", T0 + minutes(2))
    assert decide_places(late, fold_places(history)) == []
    assert [p.join_id for p in withdrawn_places(late, history, None)] == [older.join_id]
