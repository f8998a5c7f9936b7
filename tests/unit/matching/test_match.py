"""A match's life: proposed once per pair, each side's answer, connected on the second
acceptance, withdrawn only while open."""

from __future__ import annotations

import uuid
from typing import Any

from contracts.matching.events import (
    MatchAccepted,
    MatchConnected,
    MatchDeclined,
    MatchProposed,
    MatchWithdrawn,
)
from contracts.matching.matches import connection_id_for, match_id_for
from matching.commands import AcceptMatch, DeclineMatch, ProposeMatch, WithdrawMatch
from matching.domain.match import decide, fold
from tests.unit.matching import NID, T0

OFFER, REQUEST, GIVER, ASKER = (uuid.uuid4() for _ in range(4))
MID = match_id_for(OFFER, REQUEST)
REASONS = ({"factor": "category", "points": 15, "detail": {"category": "service"}},)


def proposal() -> ProposeMatch:
    return ProposeMatch(uuid.uuid4(), OFFER, REQUEST, GIVER, ASKER, NID, "service", 15, REASONS, T0)


def proposed() -> list[Any]:
    return decide(proposal(), fold([]))


def then(given: list[Any], command: Any) -> list[Any]:
    return decide(command, fold(given))


def test_a_proposal_names_the_pairs_match_and_carries_its_reasons() -> None:
    [event] = proposed()
    assert isinstance(event, MatchProposed)
    assert event.match_id == MID == proposal().match_id
    assert event.reasons == [dict(REASONS[0])]


def test_a_pair_is_proposed_once() -> None:
    assert then(proposed(), proposal()) == []


def test_the_first_acceptance_waits_for_the_other_side() -> None:
    [accepted] = then(proposed(), AcceptMatch(uuid.uuid4(), MID, ASKER, T0))
    assert accepted == MatchAccepted(MID, ASKER, GIVER, T0)


def test_the_second_acceptance_connects_the_pair() -> None:
    given = proposed() + then(proposed(), AcceptMatch(uuid.uuid4(), MID, GIVER, T0))
    accepted, connected = then(given, AcceptMatch(uuid.uuid4(), MID, ASKER, T0))
    assert isinstance(accepted, MatchAccepted)
    assert connected == MatchConnected(
        MID, connection_id_for(MID), [GIVER, ASKER], OFFER, REQUEST, T0
    )
    assert fold([*given, accepted, connected]).status == "connected"


def test_a_decline_ends_the_match_for_both() -> None:
    [declined] = then(proposed(), DeclineMatch(uuid.uuid4(), MID, GIVER, T0))
    assert declined == MatchDeclined(MID, GIVER, ASKER, T0)
    assert fold([*proposed(), declined]).status == "declined"


def test_an_open_match_is_withdrawn_and_a_connected_one_is_not() -> None:
    [withdrawn] = then(proposed(), WithdrawMatch(uuid.uuid4(), MID, "listing_closed", T0))
    assert withdrawn == MatchWithdrawn(MID, "listing_closed", [GIVER, ASKER], T0)
    assert then([*proposed(), withdrawn], WithdrawMatch(uuid.uuid4(), MID, "blocked", T0)) == []
    given = proposed() + then(proposed(), AcceptMatch(uuid.uuid4(), MID, GIVER, T0))
    given += then(given, AcceptMatch(uuid.uuid4(), MID, ASKER, T0))
    assert then(given, WithdrawMatch(uuid.uuid4(), MID, "listing_closed", T0)) == []
