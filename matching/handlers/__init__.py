"""The matching context's command handlers: one table {command type: aggregate} holding a
match's commands and the connections' and blocks' (handlers/connections.py), run by the
platform's one command loop (services/eventstore/handling.py: load the stream, fold it, decide,
append with the version read, decide again after a conflict, answer a repeated command as its
first attempt did).

    handlers = MatchingHandlers(store, codec, clock, Settings())
    position = handlers.act(AcceptMatch(command_id, match_id, resident_id, at), resident_id)
    outcome = handlers.execute(PostMessage(...), resident_actor(author_id))
"""

from __future__ import annotations

import uuid
from typing import Any, get_args

from contracts.envelope import Metadata
from matching.commands import MatchCommand, Settings
from matching.domain import match
from matching.domain.blocks import Blocks, blocks_stream, fold_blocks
from matching.domain.connection import Connection, connection_stream
from matching.handlers import connections
from matching.handlers.connections import SYSTEM, resident_actor
from services.eventstore.handling import Outcome
from services.runtime.aggregates import Aggregate, Timed

__all__ = ["SYSTEM", "MatchingHandlers", "Outcome", "resident_actor"]

MATCH = Aggregate(
    lambda command: match.match_stream(command.match_id), match.INITIAL, match.evolve, match.decide
)
HANDLERS: dict[type[Any], Aggregate] = {
    **{command: MATCH for command in get_args(MatchCommand)},
    **connections.HANDLERS,
}


class MatchingHandlers(Timed[Settings]):
    """Every matching command, on one event store, at the time `clock` says. Raises the
    domain's errors (domain/errors.py) unchanged."""

    handlers = HANDLERS
    defaults = Settings

    def act(self, command: Any, actor_id: uuid.UUID | None) -> str | None:
        """Run `command` as the resident `actor_id` (None: the system); answers the position of
        its last event. Event ids are made from the command's id."""
        actor = SYSTEM if actor_id is None else resident_actor(actor_id)
        return self.execute(command, actor).position

    def execute(self, command: Any, actor: str) -> Outcome:
        """Run `command` as `actor` ("resident:<id>" or SYSTEM), ids made from its command id."""
        return self.run(command, command.command_id, Metadata.start(actor, command.command_id))

    def match(self, match_id: uuid.UUID) -> match.Match:
        return match.fold(self.read(match.match_stream(match_id))[1])

    def connection(self, connection_id: uuid.UUID) -> Connection:
        state: Connection = self.state(connections.CONNECTION, connection_stream(connection_id))
        return state

    def blocks(self, blocker_id: uuid.UUID) -> Blocks:
        return fold_blocks(self.read(blocks_stream(blocker_id))[1])
