"""Whom a resident blocks, rebuilt from their stream (matching.blocks-<blocker_id>), and what it
decides: a block once per resident blocked (never oneself, at most MAX_BLOCKS at a time), an
unblock only of someone blocked."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce

from contracts.matching import refusals
from contracts.matching.events import BlocksEvent, ResidentBlocked, ResidentUnblocked
from matching.commands.blocks import BlockResident, BlocksCommand, UnblockResident
from matching.domain import errors

MAX_BLOCKS = int(refusals.TOO_MANY_BLOCKS.limits["max_blocks"])


def blocks_stream(blocker_id: uuid.UUID) -> str:
    return f"matching.blocks-{blocker_id}"


@dataclass(frozen=True)
class Blocks:
    blocked: frozenset[uuid.UUID] = frozenset()


NO_BLOCKS = Blocks()


def evolve_blocks(state: Blocks, event: BlocksEvent) -> Blocks:
    match event:
        case ResidentBlocked():
            return Blocks(state.blocked | {event.blocked_id})
        case ResidentUnblocked():
            return Blocks(state.blocked - {event.blocked_id})
    return state


def fold_blocks(events: Iterable[BlocksEvent]) -> Blocks:
    return reduce(evolve_blocks, events, NO_BLOCKS)


def decide_blocks(command: BlocksCommand, state: Blocks) -> list[BlocksEvent]:
    match command:
        case BlockResident():
            if not command.known:
                raise errors.UnknownResident("no such resident")
            if command.blocked_id == command.blocker_id:
                raise errors.CannotBlockYourself("one cannot block oneself")
            if command.blocked_id in state.blocked:
                raise errors.AlreadyBlocked("blocked already")
            if len(state.blocked) >= MAX_BLOCKS:
                raise errors.TooManyBlocks(f"at most {MAX_BLOCKS} blocks")
            return [ResidentBlocked(command.blocker_id, command.blocked_id, command.at)]
        case UnblockResident():
            if command.blocked_id not in state.blocked:
                raise errors.NotBlocked("not blocked")
            return [ResidentUnblocked(command.blocker_id, command.blocked_id, command.at)]
    raise TypeError(f"not a blocks command: {type(command).__name__}")
