"""Redrawing a neighbourhood's boundary: a larger one applies at once, any other becomes a
proposal for an operator, and no answer depends on where members live (the command does not
even say); every attempt is recorded, and a neighbourhood has only so many a day."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from hypothesis import given as for_all
from hypothesis import settings
from hypothesis import strategies as st

from contracts.neighbourhoods.events import (
    BoundaryChangeApproved,
    BoundaryChanged,
    BoundaryChangeProposed,
    BoundaryChangeRefused,
    BoundaryChangeRejected,
)
from neighbourhoods.commands import BoundaryAttempts, ChangeBoundary, DecideBoundaryProposal
from neighbourhoods.domain.decide import decide
from neighbourhoods.domain.errors import (
    NotAModerator,
    NotAnOperator,
    ProposalAlreadyDecided,
    ReasonRequired,
    TooManyBoundaryAttempts,
    UnknownProposal,
)
from neighbourhoods.domain.geometry import boundary_of
from neighbourhoods.domain.neighbourhood import fold
from tests.unit.neighbourhoods import (
    HOME,
    LIMITS,
    T0,
    east,
    founded,
    given,
    ids,
    joined,
    minutes,
    moderator,
    square,
)

ATTEMPTS = BoundaryAttempts(limit=3, window=timedelta(days=1))


def change(
    nid: uuid.UUID,
    actor: uuid.UUID,
    boundary: object,
    at: datetime = T0,
    pid: uuid.UUID | None = None,
) -> ChangeBoundary:
    return ChangeBoundary(
        uuid.uuid4(), nid, actor, pid or uuid.uuid4(), boundary, "la rue d'en face", LIMITS,
        ATTEMPTS, at,
    )  # fmt: skip


def decision(
    nid: uuid.UUID, pid: uuid.UUID, approve: bool, reason: str | None = "vu", operator: bool = True
) -> DecideBoundaryProposal:
    return DecideBoundaryProposal(
        uuid.uuid4(), nid, pid, uuid.uuid4(), operator, approve, reason, T0 + minutes(5)
    )


def test_a_boundary_covering_the_old_one_applies_at_once() -> None:
    nid, founder, mod, member = ids(4)
    past = given(*founded(nid, founder), *moderator(nid, mod), joined(nid, member))
    wider = boundary_of(square(HOME, 800))
    past.when(change(nid, mod, square(HOME, 800))).then(
        BoundaryChanged(nid, wider.geojson, wider.area_km2, "la rue d'en face", T0)
    )
    past.when(change(nid, founder, square(HOME, 500))).then()
    past.when(change(nid, member, square(HOME, 800))).refused(NotAModerator)


def test_a_boundary_giving_up_area_becomes_a_proposal_and_changes_nothing_yet() -> None:
    nid, founder, pid = ids(3)
    past = given(*founded(nid, founder))
    smaller = boundary_of(square(HOME, 300))
    command = change(nid, founder, square(HOME, 300), pid=pid)
    proposed = BoundaryChangeProposed(
        nid, pid, smaller.geojson, smaller.area_km2, "la rue d'en face", T0
    )
    past.when(command).then(proposed)
    state = fold([*past.events, proposed])
    assert state.boundary == boundary_of(square(HOME, 500))
    assert [p.proposal_id for p in state.redrawing.proposals] == [pid]
    # Moved aside, not larger: a proposal too.
    moved = change(nid, founder, square(east(HOME, 300), 500))
    assert isinstance(decide(moved, past.state)[0], BoundaryChangeProposed)


@settings(max_examples=40, deadline=None)
@for_all(
    st.lists(st.tuples(st.floats(-900, 900), st.floats(-900, 900)), min_size=0, max_size=6),
    st.integers(100, 700),
)
def test_what_a_redrawing_records_never_depends_on_where_members_live(
    offsets: list[tuple[float, float]], half_m: int
) -> None:
    nid, founder, pid = ids(3)
    members = [uuid.uuid4() for _ in offsets]
    alone = given(*founded(nid, founder))
    crowded = given(*founded(nid, founder), *(joined(nid, m) for m in members))
    command = change(nid, founder, square(HOME, half_m), pid=pid)
    # The command holds no home at all: the same shape gets the same answer, whoever lives where.
    assert decide(command, alone.state) == decide(command, crowded.state)


def test_an_operator_approves_a_proposal_which_then_applies() -> None:
    nid, founder, member, pid = ids(4)
    smaller = boundary_of(square(HOME, 300))
    proposed = BoundaryChangeProposed(nid, pid, smaller.geojson, smaller.area_km2, "plus net", T0)
    past = given(*founded(nid, founder), joined(nid, member), proposed)
    at = T0 + minutes(5)
    past.when(decision(nid, pid, True, "d'accord")).then(
        BoundaryChangeApproved(nid, pid, "d'accord", at),
        BoundaryChanged(nid, smaller.geojson, smaller.area_km2, "plus net", at),
    )
    approved = fold([*past.events, *decide(decision(nid, pid, True), past.state)])
    assert approved.boundary == smaller and approved.redrawing.proposals == ()
    assert approved.member(member) is not None, "members stay, wherever their home is"
    assert len(approved.redrawing.attempts) == 1, "an approval is not a moderator's attempt"
    given(*approved_events(past, nid, pid)).when(decision(nid, pid, False)).refused(
        ProposalAlreadyDecided
    )


def approved_events(past: object, nid: uuid.UUID, pid: uuid.UUID) -> list[object]:
    events = list(past.events)  # type: ignore[attr-defined]
    return [*events, *decide(decision(nid, pid, True), fold(events))]


def test_only_an_operator_decides_and_a_rejection_says_why() -> None:
    nid, founder, pid = ids(3)
    smaller = boundary_of(square(HOME, 300))
    proposed = BoundaryChangeProposed(nid, pid, smaller.geojson, smaller.area_km2, None, T0)
    past = given(*founded(nid, founder), proposed)
    past.when(decision(nid, pid, True, operator=False)).refused(NotAnOperator)
    past.when(decision(nid, pid, False, reason=None)).refused(ReasonRequired)
    past.when(decision(nid, uuid.uuid4(), True)).refused(UnknownProposal)
    past.when(decision(nid, pid, False, "Coupe la place du marché")).then(
        BoundaryChangeRejected(nid, pid, "Coupe la place du marché", T0 + minutes(5))
    )


def test_an_unacceptable_shape_is_recorded_as_a_refused_attempt() -> None:
    nid, founder = ids(2)
    past = given(*founded(nid, founder))
    past.when(change(nid, founder, square(HOME, 20))).then(
        BoundaryChangeRefused(nid, "boundary_too_small", "la rue d'en face", T0)
    )
    unclosed = {"type": "Polygon", "coordinates": [[[2.0, 48.0], [2.1, 48.0], [2.1, 48.1]]]}
    past.when(change(nid, founder, unclosed)).then(
        BoundaryChangeRefused(nid, "invalid_boundary", "la rue d'en face", T0)
    )


def test_a_neighbourhood_has_only_so_many_boundary_attempts_a_day() -> None:
    nid, founder, mod = ids(3)
    events = [*founded(nid, founder), *moderator(nid, mod)]
    shapes = [square(HOME, 300), square(HOME, 20), square(HOME, 900)]  # proposed, refused, applied
    for n, shape in enumerate(shapes):
        events += decide(
            change(nid, founder if n % 2 else mod, shape, T0 + minutes(n)), fold(events)
        )
    assert len(fold(events).redrawing.attempts) == ATTEMPTS.limit
    refusal = given(*events).when(change(nid, founder, square(HOME, 250), T0 + minutes(10)))
    refused = refusal.refused(TooManyBoundaryAttempts)
    assert (refused.limit, refused.retry_after_seconds) == (3, 24 * 3600 - 600)
    a_day_later = change(nid, founder, square(HOME, 250), T0 + timedelta(days=1, minutes=1))
    assert isinstance(decide(a_day_later, fold(events))[0], BoundaryChangeProposed)
