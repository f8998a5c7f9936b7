"""Blocking: once per resident, never oneself nor an unknown resident, within the limit; an
unblock lifts only a standing block."""

from __future__ import annotations

import uuid

from contracts.matching.events import ResidentBlocked, ResidentUnblocked
from matching.domain import errors
from matching.domain.blocks import MAX_BLOCKS
from tests.unit.matching.connections_kit import ADA, BOB, T0, block, given_blocks, minutes, unblock


def test_a_resident_blocks_and_unblocks_another() -> None:
    given_blocks().when(block(ADA, BOB)).then(ResidentBlocked(ADA, BOB, T0))
    blocked = ResidentBlocked(ADA, BOB, T0)
    given_blocks(blocked).when(unblock(ADA, BOB)).then(ResidentUnblocked(ADA, BOB, T0 + minutes(5)))
    given_blocks(blocked, ResidentUnblocked(ADA, BOB, T0)).when(block(ADA, BOB)).then(
        ResidentBlocked(ADA, BOB, T0)
    )


def test_blocking_twice_oneself_or_nobody_is_refused() -> None:
    given_blocks(ResidentBlocked(ADA, BOB, T0)).when(block(ADA, BOB)).refused(errors.AlreadyBlocked)
    given_blocks().when(block(ADA, ADA)).refused(errors.CannotBlockYourself)
    given_blocks().when(block(ADA, BOB, known=False)).refused(errors.UnknownResident)
    given_blocks().when(unblock(ADA, BOB)).refused(errors.NotBlocked)


def test_at_most_max_blocks_stand_at_once() -> None:
    full = [ResidentBlocked(ADA, uuid.uuid4(), T0) for _ in range(MAX_BLOCKS)]
    given_blocks(*full).when(block(ADA, BOB)).refused(errors.TooManyBlocks)
    lifted = ResidentUnblocked(ADA, full[0].blocked_id, T0)
    assert given_blocks(*full, lifted).when(block(ADA, BOB)).events
