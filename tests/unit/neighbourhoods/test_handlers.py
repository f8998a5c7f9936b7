"""The handlers over the in-memory event store: both streams of a membership kept in step,
repeated commands, crashes between two appends, concurrent joins, withdrawal."""

from __future__ import annotations

import threading
import uuid

import pytest

from contracts import ERASED
from contracts.neighbourhoods.events import (
    JoinCancelled,
    MemberJoined,
    MemberLeft,
    MembershipReleased,
    MembershipReserved,
    MemberWithdrawn,
    ModeratorRoleOffered,
    NeighbourhoodCreated,
    ResidentWithdrawn,
)
from neighbourhoods.commands import AcceptModeratorRole, DeclineModeratorRole, Settings
from neighbourhoods.domain.errors import (
    BoundaryTooSmall,
    HomeOutsideBoundary,
    InvalidBoundary,
    JoinWasCancelled,
    NotAMember,
    NotVerified,
    TooManyNeighbourhoods,
)
from neighbourhoods.domain.geometry import boundary_of
from tests.unit.neighbourhoods import HOME, T0, east, home, minutes, north, square
from tests.unit.neighbourhoods.world import Crash, world


def test_founding_records_the_neighbourhood_and_the_founders_place() -> None:
    w = world()
    founder = uuid.uuid4()
    verified = home(verified_at=T0 - minutes(1))
    created = w.handlers.create(uuid.uuid4(), founder, "Les Lilas", "", square(), verified)
    events = w.of_neighbourhood(created.neighbourhood_id)
    assert [type(e) for e in events] == [NeighbourhoodCreated, MemberJoined]
    (reserved,) = w.of_resident(founder)
    nid, join_id = created.neighbourhood_id, events[1].join_id
    assert reserved == MembershipReserved(founder, nid, join_id, T0, T0 - minutes(1))
    assert created.position == str(w.store.head())


def test_a_refused_founding_records_nothing() -> None:
    w = world()
    founder = uuid.uuid4()
    with pytest.raises(InvalidBoundary):
        w.handlers.create(uuid.uuid4(), founder, "x", "", square(HOME, 10), home())
    with pytest.raises(NotVerified):
        w.handlers.create(uuid.uuid4(), founder, "x", "", square(), None)
    assert w.store.head() is None


def test_a_repeated_command_appends_nothing_and_answers_the_same_position() -> None:
    w = world()
    nid = w.found()
    rid, command_id = uuid.uuid4(), uuid.uuid4()
    first = w.handlers.join(command_id, nid, rid, home())
    again = w.handlers.join(command_id, nid, rid, home())
    assert again == first
    assert len(w.of_resident(rid)) == 1
    assert sum(isinstance(e, MemberJoined) for e in w.of_neighbourhood(nid)) == 2
    create_id, founder = uuid.uuid4(), uuid.uuid4()
    created = w.handlers.create(create_id, founder, "B", "", square(), home())
    assert w.handlers.create(create_id, founder, "B", "", square(), home()) == created


def test_a_resident_joins_at_most_three_neighbourhoods() -> None:
    w = world()
    rid = uuid.uuid4()
    nids = [w.found() for _ in range(4)]
    for nid in nids[:3]:
        w.join(nid, rid)
    with pytest.raises(TooManyNeighbourhoods):
        w.join(nids[3], rid)
    assert w.memberships(rid, nids) == set(nids[:3])
    w.handlers.leave(uuid.uuid4(), nids[0], rid)
    w.join(nids[3], rid)
    assert w.memberships(rid, nids) == set(nids[1:])


def test_concurrent_joins_beyond_the_limit_let_exactly_one_win() -> None:
    w = world()
    rid = uuid.uuid4()
    nids = [w.found() for _ in range(5)]
    w.join(nids[0], rid)
    w.join(nids[1], rid)
    racers = nids[2:]
    w.store.gate = ("neighbourhoods.resident", threading.Barrier(len(racers)))
    outcomes: dict[uuid.UUID, object] = {}

    def join(nid: uuid.UUID) -> None:
        try:
            outcomes[nid] = w.join(nid, rid)
        except Exception as exc:  # collected and checked below
            outcomes[nid] = exc

    threads = [threading.Thread(target=join, args=(nid,)) for nid in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    w.store.gate = None
    winners = [nid for nid, result in outcomes.items() if isinstance(result, str)]
    losers = [r for r in outcomes.values() if isinstance(r, TooManyNeighbourhoods)]
    assert len(winners) == 1 and len(losers) == len(racers) - 1
    assert w.memberships(rid, nids) == {nids[0], nids[1], winners[0]}
    assert len(w.handlers.places(rid).places) == 3


def test_a_crash_between_reserving_and_joining_is_completed_by_the_same_command() -> None:
    w = world()
    nid = w.found()
    rid, command_id = uuid.uuid4(), uuid.uuid4()
    w.store.fail_next_append("neighbourhoods.neighbourhood")
    with pytest.raises(Crash):
        w.handlers.join(command_id, nid, rid, home())
    assert len(w.handlers.places(rid).places) == 1
    assert w.handlers.neighbourhood(nid).member(rid) is None
    w.handlers.join(command_id, nid, rid, home())
    assert w.handlers.neighbourhood(nid).member(rid) is not None
    assert len(w.of_resident(rid)) == 1


def test_a_crash_between_leaving_and_releasing_is_completed_by_the_same_command() -> None:
    w = world()
    nid = w.found()
    rid, command_id = uuid.uuid4(), uuid.uuid4()
    w.join(nid, rid)
    w.store.fail_next_append("neighbourhoods.resident")
    with pytest.raises(Crash):
        w.handlers.leave(command_id, nid, rid)
    assert len(w.handlers.places(rid).places) == 1
    w.handlers.leave(command_id, nid, rid)
    assert w.handlers.places(rid).places == ()
    with pytest.raises(NotAMember):
        w.handlers.leave(uuid.uuid4(), nid, rid)


def test_a_join_refused_after_reserving_releases_its_place() -> None:
    w = world()
    founder = uuid.uuid4()
    nid = w.found(founder)
    rid = uuid.uuid4()
    where = home(north(HOME, 400))

    def shrink(_: str) -> None:
        proposed = w.handlers.change_boundary(uuid.uuid4(), nid, founder, square(HOME, 300))
        assert proposed.proposal_id is not None
        operator = uuid.uuid4()
        w.handlers.decide_boundary_proposal(
            uuid.uuid4(), nid, proposed.proposal_id, operator, True, True
        )

    w.store.after_next_append("neighbourhoods.resident", shrink)
    with pytest.raises(HomeOutsideBoundary):
        w.handlers.join(uuid.uuid4(), nid, rid, where)
    reserved, released = w.of_resident(rid)
    assert isinstance(reserved, MembershipReserved)
    assert released == MembershipReleased(rid, nid, reserved.join_id, "refused", T0)


def test_a_place_abandoned_by_a_crash_is_freed_once_stale_when_the_limit_is_reached() -> None:
    w = world()
    rid, abandoned_id = uuid.uuid4(), uuid.uuid4()
    nids = [w.found() for _ in range(4)]
    w.store.fail_next_append("neighbourhoods.neighbourhood")
    with pytest.raises(Crash):
        w.handlers.join(abandoned_id, nids[0], rid, home())
    w.join(nids[1], rid)
    w.join(nids[2], rid)
    w.clock.now = T0 + minutes(1)
    with pytest.raises(TooManyNeighbourhoods):
        w.join(nids[3], rid)  # the abandoned join may still be on its way
    w.clock.now = T0 + minutes(6)
    w.join(nids[3], rid)
    assert w.memberships(rid, nids) == set(nids[1:])
    assert isinstance(w.of_neighbourhood(nids[0])[-1], JoinCancelled)
    with pytest.raises(JoinWasCancelled):
        w.handlers.join(abandoned_id, nids[0], rid, home())
    assert w.handlers.neighbourhood(nids[0]).member(rid) is None


def test_withdrawing_a_resident_ends_every_membership_and_frees_every_place() -> None:
    w = world()
    rid, other, command_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    mine = w.handlers.create(uuid.uuid4(), rid, "Mine", "", square(), home()).neighbourhood_id
    w.join(mine, other)
    theirs = w.found()
    w.join(theirs, rid)
    at = T0 + minutes(3)
    position = w.handlers.withdraw_resident(command_id, rid, "moved", at)
    assert position == str(w.store.head())
    assert w.memberships(rid, [mine, theirs]) == set()
    assert w.handlers.places(rid).places == ()
    assert w.of_resident(rid)[2] == ResidentWithdrawn(rid, "moved", at)
    assert isinstance(w.of_neighbourhood(theirs)[-1], MemberWithdrawn)
    assert w.of_neighbourhood(mine)[-1] == ModeratorRoleOffered(mine, other, T0)
    head = w.store.head()
    assert w.handlers.withdraw_resident(command_id, rid, "moved", at) == str(head)
    assert w.store.head() == head
    with pytest.raises(NotVerified):
        w.handlers.join(uuid.uuid4(), theirs, rid, home(verified_at=at - minutes(1)))
    w.handlers.join(uuid.uuid4(), theirs, rid, home(verified_at=at + minutes(1)))


def test_a_join_landing_while_the_home_is_withdrawn_is_undone() -> None:
    w = world()
    nid = w.found()
    rid = uuid.uuid4()
    withdraw_id = uuid.uuid4()

    def withdraw_but_crash(_: str) -> None:
        # The withdrawal records itself, then stops before reading the places to end.
        w.store.fail_next_append("neighbourhoods.neighbourhood")
        with pytest.raises(Crash):
            w.handlers.withdraw_resident(withdraw_id, rid, "erased", T0 + minutes(1))

    w.store.after_next_append("neighbourhoods.resident", withdraw_but_crash)
    with pytest.raises(NotVerified):
        w.join(nid, rid)
    assert w.handlers.neighbourhood(nid).member(rid) is None
    assert w.handlers.places(rid).places == ()
    w.handlers.withdraw_resident(withdraw_id, rid, "erased", T0 + minutes(1))
    assert w.handlers.places(rid).places == ()


def test_a_redrawing_is_applied_or_proposed_and_a_refused_one_is_recorded_too() -> None:
    w = world()
    founder, rid = uuid.uuid4(), uuid.uuid4()
    nid = w.found(founder)
    w.join(nid, rid, home(north(HOME, 450)))
    command_id = uuid.uuid4()
    proposed = w.handlers.change_boundary(command_id, nid, founder, square(HOME, 300))
    assert proposed.status == "proposed" and proposed.proposal_id is not None
    assert w.handlers.change_boundary(command_id, nid, founder, square(HOME, 300)) == proposed
    assert w.handlers.neighbourhood(nid).boundary == boundary_of(square())
    too_small = uuid.uuid4()
    for _ in range(2):  # refused again, as the first time, without recording it twice
        with pytest.raises(BoundaryTooSmall):
            w.handlers.change_boundary(too_small, nid, founder, square(HOME, 20))
    assert len(w.handlers.neighbourhood(nid).redrawing.attempts) == 2
    applied = w.handlers.change_boundary(
        uuid.uuid4(), nid, founder, square(east(HOME, 100), 700), "plus large"
    )
    assert (applied.status, applied.position) == ("applied", str(w.store.head()))


def test_a_removal_reason_is_sealed_with_the_removed_members_key() -> None:
    w = world()
    founder, rid = uuid.uuid4(), uuid.uuid4()
    nid = w.found(founder)
    w.join(nid, rid)
    w.handlers.remove_member(uuid.uuid4(), nid, founder, rid, "Insultes répétées")
    assert w.handlers.places(rid).places == ()
    (recorded,) = [
        r
        for r in w.store.read_stream(f"neighbourhoods.neighbourhood-{nid}")
        if r.type.endswith("MemberRemoved")
    ]
    assert "Insultes" not in str(recorded.data)
    decoded = w.codec.decode(recorded)
    assert decoded.event.reason == "Insultes répétées"
    assert decoded.metadata.actor == f"resident:{founder}"
    w.keyring.erase(str(rid))
    assert w.codec.decode(recorded).event.reason is ERASED


def test_the_last_moderator_leaving_through_the_handlers_offers_the_role() -> None:
    w = world()
    founder, first, second = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    nid = w.found(founder)
    w.join(nid, first)
    w.join(nid, second)
    w.handlers.leave(uuid.uuid4(), nid, founder)
    assert w.handlers.neighbourhood(nid).offered_to == first
    w.handlers.run(DeclineModeratorRole(uuid.uuid4(), nid, first, w.clock()), first)
    w.handlers.run(AcceptModeratorRole(uuid.uuid4(), nid, second, w.clock()), second)
    state = w.handlers.neighbourhood(nid)
    assert state.founder_id == second and state.moderators == (second,)
    events = w.of_neighbourhood(nid)
    assert isinstance(events[4], MemberLeft)


def test_positions_returned_are_the_latest_of_the_streams_touched() -> None:
    w = world()
    nid = w.found()
    rid = uuid.uuid4()
    joined = w.join(nid, rid)
    assert joined is not None
    assert w.store.position_from_string(joined) == w.store.head()
    left = w.handlers.leave(uuid.uuid4(), nid, rid)
    assert left is not None
    assert w.store.position_from_string(left) == w.store.head()
    assert isinstance(w.of_resident(rid)[-1], MembershipReleased)


def test_settings_set_the_limits() -> None:
    w = world(Settings(members_to_open=2, max_neighbourhoods=1))
    rid = uuid.uuid4()
    first, second = w.found(), w.found()
    w.join(first, rid)
    assert w.handlers.neighbourhood(first).status == "open"
    with pytest.raises(TooManyNeighbourhoods):
        w.join(second, rid)
