"""Invariants under any sequence of commands: no neighbourhood left without a moderator (or an
offer of the role) while it has members, at most three memberships per resident each backed by
a reserved place even across crashes, and rebuilding from the log giving the state decided on."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contracts import Metadata, default_registry
from neighbourhoods.commands import (
    AcceptModeratorRole,
    AppointModerator,
    ApproveRejoin,
    DeclineModeratorRole,
    DismissModerator,
    JoinNeighbourhood,
    LeaveNeighbourhood,
    NeighbourhoodCommand,
    RemoveMember,
    RequestRejoin,
    WithdrawMember,
)
from neighbourhoods.domain.decide import decide
from neighbourhoods.domain.errors import NeighbourhoodsRefusal
from neighbourhoods.domain.neighbourhood import Neighbourhood, evolve, fold
from services.eventstore import connect
from services.eventstore.codec import Codec
from services.eventstore.keyring import MemoryKeyring
from tests.unit.neighbourhoods import HOME, T0, founded, home, minutes, north
from tests.unit.neighbourhoods.world import Crash, world

KINDS = [
    "join", "leave", "remove", "appoint", "dismiss", "accept", "decline", "withdraw",
    "request", "approve",
]  # fmt: skip
steps = st.lists(
    st.tuples(st.sampled_from(KINDS), st.integers(0, 5), st.integers(0, 5)), max_size=40
)


def command(kind: str, actor: uuid.UUID, target: uuid.UUID, state: Neighbourhood) -> Any:
    nid, cid = state.neighbourhood_id, uuid.uuid4()
    assert nid is not None
    member = state.member(target)
    match kind:
        case "join":
            return JoinNeighbourhood(cid, nid, target, home(north(HOME, 50)), 4, T0)
        case "leave":
            return LeaveNeighbourhood(cid, nid, target, T0)
        case "remove":
            return RemoveMember(cid, nid, actor, target, "Raison", T0)
        case "appoint":
            return AppointModerator(cid, nid, actor, target, T0)
        case "dismiss":
            return DismissModerator(cid, nid, actor, target, None, T0)
        case "accept":
            return AcceptModeratorRole(cid, nid, target, T0)
        case "decline":
            return DeclineModeratorRole(cid, nid, target, T0)
        case "withdraw":
            join_id = member.join_id if member else uuid.uuid4()
            return WithdrawMember(cid, nid, target, join_id, "moved", T0)
        case "request":
            return RequestRejoin(cid, nid, target, None, T0)
    return ApproveRejoin(cid, nid, actor, target, None, T0)


def check_moderated(state: Neighbourhood) -> None:
    members = [m.resident_id for m in state.members]
    assert len(members) == len(set(members))
    assert state.founder_id is None or state.founder_id in members
    assert state.offered_to is None or state.offered_to in members
    if members:
        assert state.moderators or state.offered_to in members or set(members) <= state.declined


def played(
    plan: list[tuple[str, int, int]], after_each: Callable[[Neighbourhood], None] | None = None
) -> tuple[list[Any], Neighbourhood]:
    """A neighbourhood founded by the first of six people, then the plan's commands decided in
    turn (refused ones skipped, each decided twice alike): its events and its state."""
    people = [uuid.uuid4() for _ in range(6)]
    events: list[Any] = list(founded(uuid.uuid4(), people[0]))
    state = fold(events)
    for kind, a, t in plan:
        decided: NeighbourhoodCommand = command(kind, people[a], people[t], state)
        try:
            new = decide(decided, state)
        except NeighbourhoodsRefusal:
            continue
        assert decide(decided, state) == new  # deterministic
        for event in new:
            state = evolve(state, event)
        events += new
        if after_each is not None:
            after_each(state)
    return events, state


@settings(max_examples=150, deadline=None)
@given(steps)
def test_a_neighbourhood_with_members_always_has_a_moderator_or_an_offer(
    plan: list[tuple[str, int, int]],
) -> None:
    events, state = played(plan, after_each=check_moderated)
    assert fold(events) == state


@settings(max_examples=40, deadline=None)
@given(steps)
def test_decided_events_read_back_from_the_log_rebuild_the_same_state(
    plan: list[tuple[str, int, int]],
) -> None:
    events, state = played(plan)
    nid = state.neighbourhood_id
    codec = Codec(default_registry(), MemoryKeyring(), b"p" * 32)
    store = connect("memory://")
    stream = f"neighbourhoods.neighbourhood-{nid}"
    store.append(stream, [codec.encode(e, Metadata.start("system:test")) for e in events])
    read = [codec.decode(r).event for r in store.read_stream(stream)]
    assert read == events
    assert fold(read) == state


ops = st.lists(
    st.tuples(
        st.sampled_from(["join", "join", "leave", "remove", "retry", "later", "withdraw"]),
        st.integers(0, 4),
        st.sampled_from([None, None, "neighbourhoods.resident", "neighbourhoods.neighbourhood"]),
    ),
    max_size=25,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops)
def test_a_resident_never_belongs_to_more_than_three_and_each_membership_holds_a_place(
    plan: list[tuple[str, int, str | None]],
) -> None:
    w = world()
    founder, rid = uuid.uuid4(), uuid.uuid4()
    nids = [w.found(founder) if i == 0 else w.found() for i in range(5)]
    last: tuple[str, uuid.UUID, int] | None = None
    verified = T0
    for op, i, crash in plan:
        if op == "later":
            w.clock.now += minutes(4)
            continue
        if crash is not None:
            w.store.fail_next_append(crash)
        if op == "retry" and last is not None:
            op, command_id, i = last
        else:
            command_id = uuid.uuid4()
        last = (op, command_id, i)
        try:
            if op == "join":
                w.handlers.join(command_id, nids[i], rid, home(north(HOME, 50), verified))
            elif op == "leave":
                w.handlers.leave(command_id, nids[i], rid)
            elif op == "remove":
                w.handlers.remove_member(command_id, nids[0], founder, rid, "Raison")
            elif op == "withdraw":
                w.handlers.withdraw_resident(command_id, rid, "moved", w.clock.now)
                verified = w.clock.now + minutes(1)
        except (NeighbourhoodsRefusal, Crash):
            pass
        w.store.failures.clear()
        places = w.handlers.places(rid)
        held = {p.join_id for p in places.places}
        assert len(places.places) <= 3
        for nid in nids:
            member = w.handlers.neighbourhood(nid).member(rid)
            assert member is None or member.join_id in held
