"""The table of the connections' and blocks' commands, part of the context's one table
(handlers/__init__.py, MatchingHandlers, which runs them)."""

from __future__ import annotations

import uuid
from typing import Any, get_args

from matching.commands.blocks import BlocksCommand
from matching.commands.connections import ConnectionCommand
from matching.domain.blocks import NO_BLOCKS, blocks_stream, decide_blocks, evolve_blocks
from matching.domain.connection import INITIAL, connection_stream, decide, evolve
from services.runtime.aggregates import Aggregate

SYSTEM = "system:matching"

# A conversation's stream gains every message, for good, and each message read it whole,
# opening every sealed text: its fold (ids, times, flags) is remembered (docs/decisions/0072).
CONNECTION = Aggregate(
    lambda command: connection_stream(command.connection_id),
    INITIAL,
    evolve,
    decide,
    remembered=True,
)
BLOCKS = Aggregate(
    lambda command: blocks_stream(command.blocker_id), NO_BLOCKS, evolve_blocks, decide_blocks
)
HANDLERS: dict[type[Any], Aggregate] = {
    **{command: CONNECTION for command in get_args(ConnectionCommand)},
    **{command: BLOCKS for command in get_args(BlocksCommand)},
}


def resident_actor(resident_id: uuid.UUID) -> str:
    return f"resident:{resident_id}"
