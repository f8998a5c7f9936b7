"""Every refusal the matching domain declares is raised by it: one given/when/then per code,
and a check that no refusal of the domain's errors is left without its row."""

from __future__ import annotations

import uuid

import pytest

from matching.commands import AcceptMatch, DeclineMatch
from matching.domain import errors
from matching.domain.match import decide, fold
from tests.support.refusals_raised import Row, assert_complete, rows
from tests.unit.matching import T0
from tests.unit.matching.test_match import ASKER, GIVER, MID, proposed

row = rows(decide, fold)
ACCEPTED = [*proposed(), *decide(AcceptMatch(uuid.uuid4(), MID, GIVER, T0), fold(proposed()))]
DECLINED = [*proposed(), *decide(DeclineMatch(uuid.uuid4(), MID, ASKER, T0), fold(proposed()))]

TABLE: dict[str, Row] = {
    "unknown_match": row(proposed(), AcceptMatch(uuid.uuid4(), MID, uuid.uuid4(), T0)),
    "match_not_open": row(DECLINED, AcceptMatch(uuid.uuid4(), MID, GIVER, T0)),
    "match_already_answered": row(ACCEPTED, DeclineMatch(uuid.uuid4(), MID, GIVER, T0)),
}
ELSEWHERE: dict[str, str] = {}


@pytest.mark.parametrize("code", sorted(TABLE))
def test_the_domain_raises_each_refusal(code: str) -> None:
    assert TABLE[code].refused_code(errors.MatchingRefusal) == code


def test_a_match_that_does_not_exist_is_unknown() -> None:
    with pytest.raises(errors.UnknownMatch):
        decide(AcceptMatch(uuid.uuid4(), MID, GIVER, T0), fold([]))


def test_every_refusal_of_the_domain_has_its_row() -> None:
    assert_complete(TABLE, ELSEWHERE, errors, errors.MatchingRefusal)
