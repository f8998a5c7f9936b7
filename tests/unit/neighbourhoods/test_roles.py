"""Moderators: appointed and dismissed by the founder only; the role offered to the
longest-standing member when the last moderator goes; the founder's role passing on."""

from __future__ import annotations

import uuid

from contracts.neighbourhoods.events import (
    FounderRolePassed,
    MemberLeft,
    MemberRemoved,
    MemberWithdrawn,
    ModeratorAppointed,
    ModeratorDismissed,
    ModeratorRoleAccepted,
    ModeratorRoleDeclined,
    ModeratorRoleOffered,
)
from neighbourhoods.commands import (
    AcceptModeratorRole,
    AppointModerator,
    DeclineModeratorRole,
    DismissModerator,
    LeaveNeighbourhood,
    RemoveMember,
    WithdrawMember,
)
from neighbourhoods.domain.errors import (
    AlreadyModerator,
    CannotDismissFounder,
    NoModeratorRoleOffered,
    NotAMember,
    NotAModerator,
    NotTheFounder,
)
from tests.unit.neighbourhoods import T0, founded, given, ids, join_of, joined, minutes, moderator


def test_only_the_founder_appoints_a_moderator_from_among_the_members() -> None:
    nid, founder, mod, rid, outsider = ids(5)
    past = given(*founded(nid, founder), *moderator(nid, mod), joined(nid, rid))
    past.when(AppointModerator(uuid.uuid4(), nid, founder, rid, T0)).then(
        ModeratorAppointed(nid, rid, T0)
    )
    past.when(AppointModerator(uuid.uuid4(), nid, mod, rid, T0)).refused(NotTheFounder)
    past.when(AppointModerator(uuid.uuid4(), nid, rid, rid, T0)).refused(NotTheFounder)
    past.when(AppointModerator(uuid.uuid4(), nid, founder, outsider, T0)).refused(NotAMember)
    past.when(AppointModerator(uuid.uuid4(), nid, founder, mod, T0)).refused(AlreadyModerator)
    past.when(AppointModerator(uuid.uuid4(), nid, founder, founder, T0)).refused(AlreadyModerator)


def test_only_the_founder_dismisses_a_moderator_who_stays_a_member() -> None:
    nid, founder, mod, other_mod, rid = ids(5)
    past = given(*founded(nid, founder), *moderator(nid, mod), *moderator(nid, other_mod))
    past.when(DismissModerator(uuid.uuid4(), nid, founder, mod, " trop absent ", T0)).then(
        ModeratorDismissed(nid, mod, "trop absent", T0)
    )
    past.when(DismissModerator(uuid.uuid4(), nid, other_mod, mod, None, T0)).refused(NotTheFounder)
    past.when(DismissModerator(uuid.uuid4(), nid, founder, founder, None, T0)).refused(
        CannotDismissFounder
    )
    past.when(DismissModerator(uuid.uuid4(), nid, founder, rid, None, T0)).refused(NotAModerator)
    dismissed = given(*past.events, ModeratorDismissed(nid, mod, None, T0))
    assert dismissed.state.member(mod) is not None
    assert not dismissed.state.is_moderator(mod)


def test_the_last_moderator_leaving_offers_the_role_to_the_longest_standing_member() -> None:
    nid, founder, first, second = ids(4)
    past = given(
        *founded(nid, founder), joined(nid, first, T0 + minutes(1)), joined(nid, second, T0)
    )
    past.when(LeaveNeighbourhood(uuid.uuid4(), nid, founder, T0)).then(
        MemberLeft(nid, founder, join_of(past.state, founder), T0),
        ModeratorRoleOffered(nid, first, T0),
    )


def test_a_moderator_leaving_while_others_remain_offers_nothing() -> None:
    nid, founder, mod, rid = ids(4)
    past = given(*founded(nid, founder), *moderator(nid, mod), joined(nid, rid))
    past.when(LeaveNeighbourhood(uuid.uuid4(), nid, mod, T0)).then(
        MemberLeft(nid, mod, join_of(past.state, mod), T0)
    )


def test_the_founder_leaving_passes_their_role_to_the_longest_standing_moderator() -> None:
    nid, founder, late, early = ids(4)
    past = given(
        *founded(nid, founder),
        joined(nid, late),
        joined(nid, early),
        ModeratorAppointed(nid, early, T0 + minutes(1)),
        ModeratorAppointed(nid, late, T0 + minutes(2)),
    )
    past.when(LeaveNeighbourhood(uuid.uuid4(), nid, founder, T0)).then(
        MemberLeft(nid, founder, join_of(past.state, founder), T0),
        FounderRolePassed(nid, early, founder, T0),
    )


def test_declining_passes_the_offer_on_and_accepting_makes_a_moderator_and_founder() -> None:
    nid, founder, first, second = ids(4)
    past = [
        *founded(nid, founder),
        joined(nid, first),
        joined(nid, second),
    ]
    state = given(*past).state
    offered = [
        *past,
        MemberLeft(nid, founder, join_of(state, founder), T0),
        ModeratorRoleOffered(nid, first, T0),
    ]
    given(*offered).when(AcceptModeratorRole(uuid.uuid4(), nid, second, T0)).refused(
        NoModeratorRoleOffered
    )
    given(*offered).when(DeclineModeratorRole(uuid.uuid4(), nid, first, T0)).then(
        ModeratorRoleDeclined(nid, first, T0), ModeratorRoleOffered(nid, second, T0)
    )
    passed_on = [*offered, ModeratorRoleDeclined(nid, first, T0)]
    passed_on.append(ModeratorRoleOffered(nid, second, T0))
    given(*passed_on).when(AcceptModeratorRole(uuid.uuid4(), nid, second, T0)).then(
        ModeratorRoleAccepted(nid, second, T0), FounderRolePassed(nid, second, founder, T0)
    )
    after = given(
        *passed_on,
        ModeratorRoleAccepted(nid, second, T0),
        FounderRolePassed(nid, second, founder, T0),
    ).state
    assert after.founder_id == second
    assert after.moderators == (second,)
    assert after.offered_to is None


def test_when_every_member_declined_no_offer_stands_until_someone_new_joins() -> None:
    nid, founder, rid = ids(3)
    base = [*founded(nid, founder), joined(nid, rid)]
    past = [
        *base,
        MemberLeft(nid, founder, join_of(given(*base).state, founder), T0),
        ModeratorRoleOffered(nid, rid, T0),
    ]
    given(*past).when(DeclineModeratorRole(uuid.uuid4(), nid, rid, T0)).then(
        ModeratorRoleDeclined(nid, rid, T0)
    )
    declined = given(*past, ModeratorRoleDeclined(nid, rid, T0))
    assert declined.state.offered_to is None


def test_removing_or_withdrawing_the_offered_member_offers_the_role_to_the_next() -> None:
    nid, founder, mod, first, second = ids(5)
    base = [*founded(nid, founder), *moderator(nid, mod), joined(nid, first), joined(nid, second)]
    state = given(*base).state
    offered = [
        *base,
        MemberLeft(nid, founder, join_of(state, founder), T0),
        FounderRolePassed(nid, mod, founder, T0),
        MemberLeft(nid, mod, join_of(state, mod), T0),
        ModeratorRoleOffered(nid, first, T0),
    ]
    first_join = join_of(state, first)
    given(*offered).when(WithdrawMember(uuid.uuid4(), nid, first, first_join, "moved", T0)).then(
        MemberWithdrawn(nid, first, first_join, "moved", T0), ModeratorRoleOffered(nid, second, T0)
    )
    # No moderator is left to remove anyone: removal waits for someone to take the role.
    given(*offered).when(RemoveMember(uuid.uuid4(), nid, second, first, "x", T0)).refused(
        NotAModerator
    )


def test_the_founder_removing_the_only_other_moderator_keeps_the_neighbourhood_moderated() -> None:
    nid, founder, mod = ids(3)
    past = given(*founded(nid, founder), *moderator(nid, mod))
    past.when(RemoveMember(uuid.uuid4(), nid, founder, mod, "Abus", T0)).then(
        MemberRemoved(nid, mod, join_of(past.state, mod), "Abus", T0)
    )
