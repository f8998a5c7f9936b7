"""Every refusal the neighbourhoods domain declares is raised by it: one given/when/then per code
(given the neighbourhood's events, or the resident's places, when a command, then the error
naming that refusal), and a check that no refusal of the domain's errors is left without it.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from contracts.neighbourhoods.events import (
    BoundaryChangeProposed,
    BoundaryChangeRefused,
    BoundaryChangeRejected,
    JoinCancelled,
    MemberJoined,
    MemberRemoved,
    MembershipReserved,
)
from neighbourhoods.commands import (
    AcceptModeratorRole,
    AppointModerator,
    ApproveRejoin,
    BoundaryAttempts,
    ChangeBoundary,
    ChangeDescription,
    CreateNeighbourhood,
    DecideBoundaryProposal,
    DismissModerator,
    JoinNeighbourhood,
    LeaveNeighbourhood,
    RemoveMember,
    RenameNeighbourhood,
    RequestRejoin,
    ReserveMembership,
)
from neighbourhoods.domain import errors
from neighbourhoods.domain.decide import decide
from neighbourhoods.domain.neighbourhood import fold, join_id_for
from neighbourhoods.domain.places import decide_places, fold_places
from tests.support.refusals_raised import Row, assert_complete, rows
from tests.unit.neighbourhoods import (
    HOME,
    LIMITS,
    T0,
    founded,
    home,
    minutes,
    moderator,
    north,
    square,
)

NID, FOUNDER, MEMBER, MOD, STRANGER, PID = (uuid.uuid4() for _ in range(6))
AT_HOME = home()
FOUNDED = founded(NID, FOUNDER)
MEMBERS_JOIN = uuid.uuid4()
WITH_MEMBERS = [*FOUNDED, MemberJoined(NID, MEMBER, MEMBERS_JOIN, T0), *moderator(NID, MOD)]
REMOVED = [*WITH_MEMBERS, MemberRemoved(NID, MEMBER, MEMBERS_JOIN, "rude", T0)]
PROPOSED = [*FOUNDED, BoundaryChangeProposed(NID, PID, square(north(HOME, 900)), 1.0, None, T0)]
LONG = "x" * 2001


def cid() -> uuid.UUID:
    return uuid.uuid4()


row = rows(decide, fold)


def create(boundary: Any = None, founder_home: Any = AT_HOME, name: str = "Les Lilas") -> Any:
    return CreateNeighbourhood(
        cid(), NID, FOUNDER, name, "", boundary or square(), founder_home, LIMITS, 10, T0
    )


def join(resident: uuid.UUID = STRANGER, where: Any = AT_HOME, command_id: Any = None) -> Any:
    return JoinNeighbourhood(command_id or cid(), NID, resident, where, 10, T0)


def remove(by: uuid.UUID, who: uuid.UUID, reason: str = "rude") -> RemoveMember:
    return RemoveMember(cid(), NID, by, who, reason, T0)


def decide_proposal(is_operator: bool = True, proposal: uuid.UUID = PID) -> Any:
    return DecideBoundaryProposal(cid(), NID, proposal, STRANGER, is_operator, True, None, T0)


def reserve(join_id: uuid.UUID, verified: Any = T0) -> ReserveMembership:
    return ReserveMembership(cid(), STRANGER, NID, join_id, verified, 3, T0)


CANCELLED_JOIN = cid()
ROWS: dict[str, Row] = {
    "unknown_neighbourhood": row((), join()),
    "invalid_boundary": row((), create({"type": "Point", "coordinates": [2.35, 48.85]})),
    "boundary_too_small": row((), create(square(half_m=10))),
    "boundary_too_large": row((), create(square(half_m=20_000))),
    "invalid_name": row((), create(name=" ")),
    "invalid_description": row(FOUNDED, ChangeDescription(cid(), NID, FOUNDER, "x" * 4001, T0)),
    "not_verified": row(FOUNDED, join(where=None)),
    "home_outside_boundary": row(FOUNDED, join(where=home(north(HOME, 5000)))),
    "already_member": row(FOUNDED, join(FOUNDER)),
    "rejoin_needs_approval": row(REMOVED, join(MEMBER)),
    "join_was_cancelled": row(
        [*FOUNDED, JoinCancelled(NID, STRANGER, join_id_for(CANCELLED_JOIN), T0)],
        join(command_id=CANCELLED_JOIN),
    ),
    "too_many_neighbourhoods": row(
        [MembershipReserved(STRANGER, uuid.uuid4(), uuid.uuid4(), T0, T0) for _ in range(3)],
        reserve(uuid.uuid4()),
        decide_places,
        fold_places,
    ),
    "not_a_member": row(FOUNDED, LeaveNeighbourhood(cid(), NID, STRANGER, T0)),
    "not_a_moderator": row(FOUNDED, RenameNeighbourhood(cid(), NID, STRANGER, "Lilas", T0)),
    "not_the_founder": row(WITH_MEMBERS, AppointModerator(cid(), NID, MOD, MEMBER, T0)),
    "cannot_remove_yourself": row(WITH_MEMBERS, remove(MOD, MOD)),
    "cannot_remove_founder": row(WITH_MEMBERS, remove(MOD, FOUNDER)),
    "reason_required": row(WITH_MEMBERS, remove(MOD, MEMBER, reason=" ")),
    "note_too_long": row(WITH_MEMBERS, remove(MOD, MEMBER, reason=LONG)),
    "not_removed": row(FOUNDED, RequestRejoin(cid(), NID, STRANGER, None, T0)),
    "no_rejoin_request": row(REMOVED, ApproveRejoin(cid(), NID, FOUNDER, MEMBER, None, T0)),
    "already_moderator": row(WITH_MEMBERS, AppointModerator(cid(), NID, FOUNDER, MOD, T0)),
    "cannot_dismiss_founder": row(
        WITH_MEMBERS, DismissModerator(cid(), NID, FOUNDER, FOUNDER, None, T0)
    ),
    "no_moderator_role_offered": row(WITH_MEMBERS, AcceptModeratorRole(cid(), NID, MEMBER, T0)),
    "too_many_boundary_attempts": row(
        [*FOUNDED, *(BoundaryChangeRefused(NID, "invalid_boundary", None, T0) for _ in range(5))],
        ChangeBoundary(
            cid(), NID, FOUNDER, PID, square(), None, LIMITS, BoundaryAttempts(), T0 + minutes(1)
        ),
    ),
    "not_an_operator": row(PROPOSED, decide_proposal(is_operator=False)),
    "unknown_proposal": row(FOUNDED, decide_proposal(proposal=uuid.uuid4())),
    "proposal_already_decided": row(
        [*PROPOSED, BoundaryChangeRejected(NID, PID, "no", T0)], decide_proposal()
    ),
}
# Declared by the domain's errors and raised outside any decision, with who raises them.
ELSEWHERE: dict[str, str] = {}


@pytest.mark.parametrize("code", sorted(ROWS))
def test_the_domain_raises_each_of_its_refusals(code: str) -> None:
    assert ROWS[code].refused_code(errors.NeighbourhoodsRefusal) == code


def test_every_refusal_of_the_domain_has_its_row_or_says_who_raises_it() -> None:
    assert_complete(ROWS, ELSEWHERE, errors.NeighbourhoodsRefusal, errors)
