"""The table every neighbourhoods command is run by: {command type: its aggregate (stream, initial
state, evolve, decide)}, and Streams, which runs a command through the platform's one command
loop (services/eventstore/handling.py: load the stream, fold it, decide, append with the version
read, decide again after a conflicting append, answer a repeated command as its first attempt
did). Retrying on conflict happens there and nowhere else.
"""

from __future__ import annotations

import uuid
from typing import Any, get_args

from neighbourhoods.commands import NeighbourhoodCommand, ResidentCommand, Settings
from neighbourhoods.domain.decide import decide
from neighbourhoods.domain.neighbourhood import (
    INITIAL,
    Neighbourhood,
    evolve,
    neighbourhood_stream,
)
from neighbourhoods.domain.places import (
    NO_PLACES,
    Places,
    decide_places,
    evolve_places,
    fold_places,
    resident_stream,
)
from services.runtime.aggregates import Aggregate, Timed

SYSTEM = "system:neighbourhoods"


def resident_actor(resident_id: uuid.UUID) -> str:
    return f"resident:{resident_id}"


# A neighbourhood's stream grows with its members and every command on it reads it: its fold is
# remembered (docs/decisions/0072). Its state keeps ids, dates, and the place's own texts only.
NEIGHBOURHOOD = Aggregate(
    lambda command: neighbourhood_stream(command.neighbourhood_id),
    INITIAL,
    evolve,
    decide,
    remembered=True,
)
PLACES = Aggregate(
    lambda command: resident_stream(command.resident_id), NO_PLACES, evolve_places, decide_places
)
HANDLERS: dict[type[Any], Aggregate] = {
    **{command: NEIGHBOURHOOD for command in get_args(NeighbourhoodCommand)},
    **{command: PLACES for command in get_args(ResidentCommand)},
}


class Streams(Timed[Settings]):
    """Commands run on one event store, at the time `clock` says, under `settings`."""

    handlers = HANDLERS
    defaults = Settings

    def neighbourhood(self, neighbourhood_id: uuid.UUID) -> Neighbourhood:
        """The neighbourhood as its stream says now (INITIAL when there is no such stream)."""
        state: Neighbourhood = self.state(NEIGHBOURHOOD, neighbourhood_stream(neighbourhood_id))
        return state

    def places(self, resident_id: uuid.UUID) -> Places:
        """The places the resident holds among neighbourhoods, as their stream says now."""
        return fold_places(self.read(resident_stream(resident_id))[1])
