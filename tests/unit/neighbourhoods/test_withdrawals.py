"""Withdrawing a resident through the handlers: it ends the memberships relying on the
verification it withdrew, however late it comes and however often it is repeated, and nothing
the resident joined on a later verification."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contracts.neighbourhoods.events import MemberWithdrawn
from neighbourhoods.domain.errors import NeighbourhoodsRefusal
from neighbourhoods.domain.neighbourhood import fold, join_id_for
from services.eventstore import ANY, AppendResult, NewEvent
from tests.unit.neighbourhoods import HOME, T0, home, minutes, north
from tests.unit.neighbourhoods.world import Crash, World, world

NEAR = north(HOME, 100)
Append = Callable[..., AppendResult]


def withdrawn_joins(w: World, nid: uuid.UUID) -> set[uuid.UUID]:
    return {e.join_id for e in w.of_neighbourhood(nid) if isinstance(e, MemberWithdrawn)}


def test_a_late_withdrawal_leaves_a_neighbourhood_joined_on_the_new_verification() -> None:
    w = world()
    rid = uuid.uuid4()
    before, after = w.found(), w.found()
    w.join(before, rid, home(NEAR, T0))
    moved_at, verified_again = T0 + minutes(5), T0 + minutes(10)
    # The policy is down while the resident moves, proves the new address and joins elsewhere.
    w.clock.now = T0 + minutes(11)
    w.join(after, rid, home(NEAR, verified_again))
    w.clock.now = T0 + minutes(20)
    w.handlers.withdraw_resident(uuid.uuid4(), rid, "moved", moved_at)
    assert w.memberships(rid, [before, after]) == {after}
    assert [p.neighbourhood_id for p in w.handlers.places(rid).places] == [after]
    assert withdrawn_joins(w, after) == set()


def test_a_repeated_withdrawal_leaves_memberships_begun_after_it() -> None:
    w = world()
    rid, command_id = uuid.uuid4(), uuid.uuid4()
    first, second = w.found(), w.found()
    w.join(first, rid, home(NEAR, T0))
    w.clock.now = T0 + minutes(3)
    answered = w.handlers.withdraw_resident(command_id, rid, "moved", T0 + minutes(3))
    w.clock.now = T0 + minutes(10)
    w.join(first, rid, home(NEAR, T0 + minutes(8)))
    w.join(second, rid, home(NEAR, T0 + minutes(8)))
    head = w.store.head()
    # As after a crash before the policy's checkpoint moved, or a rebuild of the policy.
    again = w.handlers.withdraw_resident(command_id, rid, "moved", T0 + minutes(3))
    assert again == answered, "a repeat answers as the first attempt did"
    assert w.store.head() == head, "and appends nothing"
    assert w.memberships(rid, [first, second]) == {first, second}
    assert len(w.handlers.places(rid).places) == 2


def test_a_repeated_withdrawal_completes_what_a_crash_left_and_nothing_since() -> None:
    w = world()
    rid, command_id = uuid.uuid4(), uuid.uuid4()
    first, second, third = w.found(), w.found(), w.found()
    w.join(first, rid, home(NEAR, T0))
    w.join(second, rid, home(NEAR, T0))
    w.clock.now = T0 + minutes(3)
    w.store.fail_next_append("neighbourhoods.neighbourhood")
    with pytest.raises(Crash):
        w.handlers.withdraw_resident(command_id, rid, "moved", T0 + minutes(3))
    assert w.memberships(rid, [first, second]) == {first, second}
    w.clock.now = T0 + minutes(10)
    w.handlers.leave(uuid.uuid4(), first, rid)  # frees a place for the next join
    w.join(third, rid, home(NEAR, T0 + minutes(8)))
    w.handlers.withdraw_resident(command_id, rid, "moved", T0 + minutes(3))
    assert w.memberships(rid, [first, second, third]) == {third}
    assert [p.neighbourhood_id for p in w.handlers.places(rid).places] == [third]
    assert withdrawn_joins(w, first) == set()


def as_version_1(append: Append) -> Append:
    """Appends as a replica not yet upgraded would: MembershipReserved v1, without the time
    of the verification the join relied on."""

    def append_old(stream: str, events: Sequence[NewEvent], expected_version: Any = ANY) -> Any:
        old = [
            NewEvent(
                e.type,
                {k: v for k, v in e.data.items() if k != "verified_at"},
                e.metadata,
                e.event_id,
                schema_version=1,
            )
            if e.type == "neighbourhoods.MembershipReserved"
            else e
            for e in events
        ]
        return append(stream, old, expected_version)

    return append_old


def test_a_place_reserved_before_verification_times_were_recorded_is_withdrawable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    w = world()
    rid = uuid.uuid4()
    nid = w.found()
    monkeypatch.setattr(w.store.inner, "append", as_version_1(w.store.inner.append))
    w.join(nid, rid, home(NEAR, T0 + minutes(8)))
    (place,) = w.handlers.places(rid).places
    assert place.verified_at is None
    w.handlers.withdraw_resident(uuid.uuid4(), rid, "moved", T0 + minutes(3))
    assert w.memberships(rid, [nid]) == set()
    assert w.handlers.places(rid).places == ()


def test_a_repeat_leaves_a_place_reserved_after_the_withdrawal_even_without_its_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    w = world()
    rid, command_id = uuid.uuid4(), uuid.uuid4()
    nid = w.found()
    w.join(nid, rid, home(NEAR, T0))
    w.clock.now = T0 + minutes(3)
    w.handlers.withdraw_resident(command_id, rid, "moved", T0 + minutes(3))
    w.clock.now = T0 + minutes(10)
    with monkeypatch.context() as old_replica:
        old_replica.setattr(w.store.inner, "append", as_version_1(w.store.inner.append))
        w.join(nid, rid, home(NEAR, T0 + minutes(8)))
    w.handlers.withdraw_resident(command_id, rid, "moved", T0 + minutes(3))
    assert w.memberships(rid, [nid]) == {nid}
    assert len(w.handlers.places(rid).places) == 1


# Identity's timeline as the policy sees it, late: the resident moves (a withdrawal is due, at
# the move's time), proves an address, joins on the latest verification or on a stale one (a
# read model lagging), and the policy catches up one move at a time, crashing or repeating.
timeline = st.lists(
    st.tuples(
        st.sampled_from(["move", "verify", "join", "join", "stale join", "policy", "repeat"]),
        st.integers(0, 3),
        st.sampled_from([None, None, "neighbourhoods.resident", "neighbourhoods.neighbourhood"]),
    ),
    max_size=30,
)


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(timeline)
def test_a_withdrawal_ends_exactly_the_memberships_relying_on_what_it_withdrew(
    plan: list[tuple[str, int, str | None]],
) -> None:
    w = world()
    rid = uuid.uuid4()
    nids = [w.found() for _ in range(4)]
    verifications = [T0]
    current: datetime | None = T0
    moves: list[tuple[uuid.UUID, datetime]] = []
    handled, tried, completed = 0, T0 - minutes(1), T0 - minutes(1)
    relied: dict[uuid.UUID, datetime] = {}
    for op, i, crash in plan:
        w.clock.now += minutes(1)
        now = w.clock.now
        try:
            if op == "move":
                moves.append((uuid.uuid4(), now))
                current = None
            elif op == "verify":
                verifications.append(now)
                current = now
            elif op in ("join", "stale join"):
                verified = current if op == "join" else verifications[i % len(verifications)]
                if verified is not None:
                    command_id = uuid.uuid4()
                    relied[join_id_for(command_id)] = verified
                    w.handlers.join(command_id, nids[i], rid, home(NEAR, verified))
            elif op == "policy" and handled < len(moves):
                command_id, at = moves[handled]
                tried = max(tried, at)
                if crash is not None:
                    w.store.fail_next_append(crash)
                w.handlers.withdraw_resident(command_id, rid, "moved", at)
                handled, completed = handled + 1, at
            elif op == "repeat" and handled:
                command_id, at = moves[i % handled]
                w.handlers.withdraw_resident(command_id, rid, "moved", at)
        except (NeighbourhoodsRefusal, Crash):
            pass
        w.store.failures.clear()
        for nid in nids:
            events = w.of_neighbourhood(nid)
            member = fold(events).member(rid)
            assert member is None or relied[member.join_id] > completed
            for event in events:
                if isinstance(event, MemberWithdrawn):
                    assert relied[event.join_id] <= tried
        assert len(w.handlers.places(rid).places) <= 3
