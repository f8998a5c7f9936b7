"""The table of the connections' and blocks' commands, and the Streams that run them through the
platform's one command loop (load, fold, decide, append with the version read, decide again
after a conflict, answer a repeated command as its first attempt did).

    streams = ConnectionStreams(store, codec, clock)
    outcome = streams.run(PostMessage(...), resident_actor(author_id))
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, get_args

from contracts.envelope import Metadata
from matching.commands.blocks import BlocksCommand
from matching.commands.connections import ConnectionCommand
from matching.domain.blocks import (
    NO_BLOCKS,
    Blocks,
    blocks_stream,
    decide_blocks,
    evolve_blocks,
    fold_blocks,
)
from matching.domain.connection import INITIAL, Connection, connection_stream, decide, evolve, fold
from services.eventstore.handling import Outcome
from services.runtime.aggregates import Aggregate, Timed

SYSTEM = "system:matching"

CONNECTION = Aggregate(
    lambda command: connection_stream(command.connection_id), INITIAL, evolve, decide
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


@dataclass(frozen=True)
class Settings:
    """Nothing a deployment sets yet: the lengths and the message rate are the contracts'."""


class ConnectionStreams(Timed[Settings]):
    """Connections' and blocks' commands on one event store, at the time `clock` says."""

    handlers = HANDLERS
    defaults = Settings

    def execute(self, command: Any, actor: str) -> Outcome:
        """Run `command` as `actor` ("resident:<id>" or SYSTEM), ids made from its command id."""
        return self.run(command, command.command_id, Metadata.start(actor, command.command_id))

    def connection(self, connection_id: uuid.UUID) -> Connection:
        return fold(self.read(connection_stream(connection_id))[1])

    def blocks(self, blocker_id: uuid.UUID) -> Blocks:
        return fold_blocks(self.read(blocks_stream(blocker_id))[1])
