"""Every refusal the matching domain declares is raised by it, for matches, connections and
blocks: one given/when/then per code, and a check that no refusal of the domain's errors is left
without its row."""

from __future__ import annotations

import uuid

import pytest

from contracts.matching.events import ConnectionEnded, ResidentBlocked
from matching.commands import AcceptMatch, DeclineMatch
from matching.domain import errors, match
from matching.domain.blocks import MAX_BLOCKS, decide_blocks, fold_blocks
from matching.domain.connection import decide, fold
from tests.support.refusals_raised import Row, assert_complete, rows
from tests.unit.matching import T0 as MATCHED_AT
from tests.unit.matching.connections_kit import (
    ADA,
    BOB,
    CID,
    EVE,
    T0,
    block,
    end,
    made,
    minutes,
    post,
    thank,
    unblock,
)
from tests.unit.matching.test_match import ASKER, GIVER, MID, proposed

row = rows(decide, fold)


def match_row(given: list[object], when: object) -> Row:
    return row(given, when, match.decide, match.fold)


def blocks_row(given: list[object], when: object) -> Row:
    return row(given, when, decide_blocks, fold_blocks)


def _answered(command: AcceptMatch | DeclineMatch) -> list[object]:
    return [*proposed(), *match.decide(command, match.fold(proposed()))]


ACCEPTED = _answered(AcceptMatch(uuid.uuid4(), MID, GIVER, MATCHED_AT))
DECLINED = _answered(DeclineMatch(uuid.uuid4(), MID, ASKER, MATCHED_AT))
ENDED = [made(), ConnectionEnded(CID, BOB, (ADA, BOB), T0, None)]
ENDED_BY_BLOCK = [made(), ConnectionEnded(CID, ADA, (ADA, BOB), T0, None, blocked=True)]
THANKED = [made(), *decide(thank(ADA), fold([made()]))]
FLOOD = [made(), *(decide(post(ADA, at=T0), fold([made()])) * 30)]
FULL = [ResidentBlocked(ADA, uuid.uuid4(), T0) for _ in range(MAX_BLOCKS)]

TABLE: dict[str, Row] = {
    # Matches
    "unknown_match": match_row(proposed(), AcceptMatch(uuid.uuid4(), MID, EVE, MATCHED_AT)),
    "match_not_open": match_row(DECLINED, AcceptMatch(uuid.uuid4(), MID, GIVER, MATCHED_AT)),
    "match_already_answered": match_row(
        ACCEPTED, DeclineMatch(uuid.uuid4(), MID, GIVER, MATCHED_AT)
    ),
    # Connections, messages, thanks
    "unknown_connection": row([made()], post(EVE)),
    "connection_ended": row(ENDED, post(ADA)),
    "invalid_connection_message": row([made()], post(ADA, "")),
    "too_many_messages": row(FLOOD, post(ADA, at=T0 + minutes(1))),
    "invalid_thanks": row([made()], thank(ADA, "")),
    "already_thanked": row(THANKED, thank(ADA)),
    "invalid_end_reason": row([made()], end(ADA, "x" * 501)),
    "blocked": row([made()], post(ADA, blocked=True)),
    "ended_by_block": row(ENDED_BY_BLOCK, thank(BOB)),
    # Blocks
    "unknown_resident": blocks_row([], block(ADA, BOB, known=False)),
    "cannot_block_yourself": blocks_row([], block(ADA, ADA)),
    "already_blocked": blocks_row([ResidentBlocked(ADA, BOB, T0)], block(ADA, BOB)),
    "not_blocked": blocks_row([], unblock(ADA, BOB)),
    "too_many_blocks": blocks_row(list(FULL), block(ADA, BOB)),
}
ELSEWHERE: dict[str, str] = {}


@pytest.mark.parametrize("code", sorted(TABLE))
def test_the_domain_raises_each_refusal(code: str) -> None:
    assert TABLE[code].refused_code(errors.MatchingRefusal) == code


def test_a_match_that_does_not_exist_is_unknown() -> None:
    with pytest.raises(errors.UnknownMatch):
        match.decide(AcceptMatch(uuid.uuid4(), MID, GIVER, MATCHED_AT), match.fold([]))


def test_every_refusal_of_the_domain_has_its_row() -> None:
    assert_complete(TABLE, ELSEWHERE, errors.MatchingRefusal, errors)
