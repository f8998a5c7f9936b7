"""Joining, leaving, removal by a moderator, and coming back only with a moderator's approval."""

from __future__ import annotations

import uuid

import pytest

from contracts.neighbourhoods.events import (
    JoinCancelled,
    MemberJoined,
    MemberLeft,
    MemberRemoved,
    MemberWithdrawn,
    NeighbourhoodOpened,
    RejoinApproved,
    RejoinRequested,
)
from neighbourhoods.commands import (
    ApproveRejoin,
    CancelJoin,
    JoinNeighbourhood,
    LeaveNeighbourhood,
    RemoveMember,
    RequestRejoin,
    WithdrawMember,
)
from neighbourhoods.domain.errors import (
    AlreadyMember,
    CannotRemoveFounder,
    CannotRemoveYourself,
    HomeOutsideBoundary,
    JoinWasCancelled,
    NoRejoinRequest,
    NotAMember,
    NotAModerator,
    NotRemoved,
    NotTheFounder,
    NotVerified,
    ReasonRequired,
    RejoinNeedsApproval,
    UnknownNeighbourhood,
)
from neighbourhoods.domain.neighbourhood import join_id_for
from tests.unit.neighbourhoods import (
    HOME,
    T0,
    founded,
    given,
    home,
    ids,
    join_of,
    joined,
    moderator,
    north,
)


def join(
    nid: uuid.UUID, rid: uuid.UUID, where: object = None, to_open: int = 10
) -> JoinNeighbourhood:
    return JoinNeighbourhood(
        uuid.uuid4(),
        nid,
        rid,
        home(north(HOME, 100)) if where is None else where,
        to_open,
        T0,  # type: ignore[arg-type]
    )


def test_a_resident_whose_home_is_inside_joins() -> None:
    nid, founder, rid = ids(3)
    command = join(nid, rid)
    given(*founded(nid, founder)).when(command).then(
        MemberJoined(nid, rid, join_id_for(command.command_id), T0)
    )


def test_a_resident_whose_home_is_outside_is_refused_with_the_distance() -> None:
    nid, founder, rid = ids(3)
    refusal = (
        given(*founded(nid, founder))
        .when(join(nid, rid, home(north(HOME, 900))))
        .refused(HomeOutsideBoundary)
    )
    assert refusal.distance_m == pytest.approx(400, rel=1e-2)


def test_an_unverified_resident_is_refused() -> None:
    nid, founder, rid = ids(3)
    given(*founded(nid, founder)).when(
        JoinNeighbourhood(uuid.uuid4(), nid, rid, None, 10, T0)
    ).refused(NotVerified)


def test_a_member_does_not_join_twice_but_the_same_join_repeats_nothing() -> None:
    nid, founder, rid = ids(3)
    command = join(nid, rid)
    past = given(
        *founded(nid, founder), MemberJoined(nid, rid, join_id_for(command.command_id), T0)
    )
    past.when(command).then()
    past.when(join(nid, rid)).refused(AlreadyMember)


def test_joining_an_unknown_neighbourhood_is_refused() -> None:
    given().when(join(uuid.uuid4(), uuid.uuid4())).refused(UnknownNeighbourhood)


def test_the_tenth_member_opens_the_neighbourhood_and_it_stays_open() -> None:
    nid, founder, *others = ids(12)
    past = [*founded(nid, founder), *(joined(nid, r) for r in others[:8])]
    tenth = join(nid, others[8])
    given(*past).when(tenth).then(
        MemberJoined(nid, others[8], join_id_for(tenth.command_id), T0),
        NeighbourhoodOpened(nid, 10, T0),
    )
    opened = [*past, joined(nid, others[8]), NeighbourhoodOpened(nid, 10, T0)]
    assert given(*opened).state.status == "open"
    left = [*opened, MemberLeft(nid, others[0], join_of(given(*opened).state, others[0]), T0)]
    eleventh = join(nid, others[9])
    given(*left).when(eleventh).then(
        MemberJoined(nid, others[9], join_id_for(eleventh.command_id), T0)
    )


def test_the_threshold_to_open_comes_with_the_command() -> None:
    nid, founder, rid = ids(3)
    state = given(*founded(nid, founder)).state
    assert state.status == "forming"
    command = join(nid, rid, to_open=2)
    given(*founded(nid, founder)).when(command).then(
        MemberJoined(nid, rid, join_id_for(command.command_id), T0),
        NeighbourhoodOpened(nid, 2, T0),
    )


def test_a_member_leaves_and_a_non_member_cannot() -> None:
    nid, founder, rid = ids(3)
    past = given(*founded(nid, founder), joined(nid, rid))
    past.when(LeaveNeighbourhood(uuid.uuid4(), nid, rid, T0)).then(
        MemberLeft(nid, rid, join_of(past.state, rid), T0)
    )
    given(*founded(nid, founder)).when(LeaveNeighbourhood(uuid.uuid4(), nid, rid, T0)).refused(
        NotAMember
    )


def remove(nid: uuid.UUID, by: uuid.UUID, rid: uuid.UUID, reason: str = "Spam") -> RemoveMember:
    return RemoveMember(uuid.uuid4(), nid, by, rid, reason, T0)


def test_a_moderator_removes_a_member_saying_why() -> None:
    nid, founder, mod, rid = ids(4)
    past = given(*founded(nid, founder), *moderator(nid, mod), joined(nid, rid))
    past.when(remove(nid, mod, rid, "  Annonces répétées  ")).then(
        MemberRemoved(nid, rid, join_of(past.state, rid), "Annonces répétées", T0)
    )
    past.when(remove(nid, mod, rid, "   ")).refused(ReasonRequired)


def test_removal_is_for_moderators_and_spares_the_founder_and_other_moderators() -> None:
    nid, founder, mod, other_mod, rid, other = ids(6)
    past = given(
        *founded(nid, founder),
        *moderator(nid, mod),
        *moderator(nid, other_mod),
        joined(nid, rid),
        joined(nid, other),
    )
    past.when(remove(nid, rid, other)).refused(NotAModerator)
    past.when(remove(nid, mod, founder)).refused(CannotRemoveFounder)
    past.when(remove(nid, mod, other_mod)).refused(NotTheFounder)
    past.when(remove(nid, mod, mod)).refused(CannotRemoveYourself)
    past.when(remove(nid, mod, uuid.uuid4())).refused(NotAMember)
    past.when(remove(nid, founder, other_mod)).then(
        MemberRemoved(nid, other_mod, join_of(past.state, other_mod), "Spam", T0)
    )


def removed(nid: uuid.UUID, founder: uuid.UUID, rid: uuid.UUID) -> list[object]:
    member = joined(nid, rid)
    return [
        *founded(nid, founder),
        member,
        MemberRemoved(nid, rid, member.join_id, "Spam", T0),
    ]


def test_a_removed_member_rejoining_without_approval_is_refused() -> None:
    nid, founder, rid = ids(3)
    given(*removed(nid, founder, rid)).when(join(nid, rid)).refused(RejoinNeedsApproval)


def test_a_removed_member_asks_a_moderator_approves_and_they_join_again() -> None:
    nid, founder, rid = ids(3)
    past = removed(nid, founder, rid)
    given(*past).when(RequestRejoin(uuid.uuid4(), nid, rid, " Pardon ", T0)).then(
        RejoinRequested(nid, rid, "Pardon", T0)
    )
    asked = [*past, RejoinRequested(nid, rid, "Pardon", T0)]
    given(*asked).when(RequestRejoin(uuid.uuid4(), nid, rid, None, T0)).then()
    given(*asked).when(join(nid, rid)).refused(RejoinNeedsApproval)
    given(*asked).when(ApproveRejoin(uuid.uuid4(), nid, rid, rid, None, T0)).refused(NotAModerator)
    given(*asked).when(ApproveRejoin(uuid.uuid4(), nid, founder, rid, "ok", T0)).then(
        RejoinApproved(nid, rid, "ok", T0)
    )
    approved = [*asked, RejoinApproved(nid, rid, "ok", T0)]
    command = join(nid, rid)
    given(*approved).when(command).then(MemberJoined(nid, rid, join_id_for(command.command_id), T0))


def test_approval_needs_a_request_and_only_the_removed_ask() -> None:
    nid, founder, rid, other = ids(4)
    past = given(*removed(nid, founder, rid), joined(nid, other))
    past.when(ApproveRejoin(uuid.uuid4(), nid, founder, rid, None, T0)).refused(NoRejoinRequest)
    past.when(RequestRejoin(uuid.uuid4(), nid, other, None, T0)).refused(AlreadyMember)
    past.when(RequestRejoin(uuid.uuid4(), nid, uuid.uuid4(), None, T0)).refused(NotRemoved)


def test_leaving_of_ones_own_accord_needs_no_approval_to_come_back() -> None:
    nid, founder, rid = ids(3)
    member = joined(nid, rid)
    command = join(nid, rid)
    given(*founded(nid, founder), member, MemberLeft(nid, rid, member.join_id, T0)).when(
        command
    ).then(MemberJoined(nid, rid, join_id_for(command.command_id), T0))


def test_a_withdrawn_home_ends_the_membership_or_cancels_a_join_not_yet_arrived() -> None:
    nid, founder, rid = ids(3)
    member = joined(nid, rid)
    past = given(*founded(nid, founder), member)
    past.when(WithdrawMember(uuid.uuid4(), nid, rid, member.join_id, "moved", T0)).then(
        MemberWithdrawn(nid, rid, member.join_id, "moved", T0)
    )
    pending = uuid.uuid4()
    past.when(WithdrawMember(uuid.uuid4(), nid, rid, pending, "erased", T0)).then(
        JoinCancelled(nid, rid, pending, T0)
    )
    ended = [*past.events, MemberWithdrawn(nid, rid, member.join_id, "moved", T0)]
    given(*ended).when(WithdrawMember(uuid.uuid4(), nid, rid, member.join_id, "moved", T0)).then()


def test_a_cancelled_join_never_arrives_and_an_arrived_one_is_not_cancelled() -> None:
    nid, founder, rid = ids(3)
    command = join(nid, rid)
    join_id = join_id_for(command.command_id)
    past = given(*founded(nid, founder), JoinCancelled(nid, rid, join_id, T0))
    past.when(command).refused(JoinWasCancelled)
    member = joined(nid, rid)
    given(*founded(nid, founder), member).when(
        CancelJoin(uuid.uuid4(), nid, rid, member.join_id, T0)
    ).then()
