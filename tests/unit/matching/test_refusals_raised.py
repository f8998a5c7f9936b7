"""Every refusal the matching domain declares for connections and blocks is raised by it: one
given/when/then per code, and a check that no refusal of the domain's errors is left without
it."""

from __future__ import annotations

import uuid

import pytest

from contracts.matching.events import ConnectionEnded, ResidentBlocked
from matching.domain import errors
from matching.domain.blocks import MAX_BLOCKS, decide_blocks, fold_blocks
from matching.domain.connection import decide, fold
from tests.support.refusals_raised import Row, assert_complete, rows
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

row = rows(decide, fold)
ENDED = [made(), ConnectionEnded(CID, BOB, (ADA, BOB), T0, None)]
THANKED = [made(), *decide(thank(ADA), fold([made()]))]
FLOOD = [made(), *(decide(post(ADA, at=T0), fold([made()])) * 30)]
FULL = [ResidentBlocked(ADA, uuid.uuid4(), T0) for _ in range(MAX_BLOCKS)]


def blocks_row(given: list[object], when: object) -> Row:
    return row(given, when, decide_blocks, fold_blocks)


TABLE: dict[str, Row] = {
    "unknown_connection": row([made()], post(EVE)),
    "connection_ended": row(ENDED, post(ADA)),
    "invalid_connection_message": row([made()], post(ADA, "")),
    "too_many_messages": row(FLOOD, post(ADA, at=T0 + minutes(1))),
    "invalid_thanks": row([made()], thank(ADA, "")),
    "already_thanked": row(THANKED, thank(ADA)),
    "invalid_end_reason": row([made()], end(ADA, "x" * 501)),
    "blocked": row([made()], post(ADA, blocked=True)),
    "unknown_resident": blocks_row([], block(ADA, BOB, known=False)),
    "cannot_block_yourself": blocks_row([], block(ADA, ADA)),
    "already_blocked": blocks_row([ResidentBlocked(ADA, BOB, T0)], block(ADA, BOB)),
    "not_blocked": blocks_row([], unblock(ADA, BOB)),
    "too_many_blocks": blocks_row(list(FULL), block(ADA, BOB)),
}
ELSEWHERE: dict[str, str] = {}


@pytest.mark.parametrize("code", sorted(TABLE))
def test_the_domain_raises_the_refusal(code: str) -> None:
    assert TABLE[code].refused_code(errors.MatchingRefusal) == code


def test_every_refusal_of_the_domain_has_its_row() -> None:
    assert_complete(TABLE, ELSEWHERE, errors, errors.MatchingRefusal)
