"""What the neighbourhoods service answers when it refuses: the platform's ServiceError(code,
message, details) (services/runtime/doors.py), the one error class on the wire.

`code` is stable, for the gateway to map (to an HTTP status, a translated text); `message` is
English for logs and holds counts and limits only, never a personal value nor a member's id;
`details` carries what a client may show. Domain refusals get the snake case of their rule's
name (HomeOutsideBoundary -> home_outside_boundary); the others:

    invalid_request   the call's arguments have the wrong shape
    not_found         no such neighbourhood
    not_a_member      the viewer is not a member of this neighbourhood (members list, log)
    not_verified      the resident has no verified home (also a domain refusal)
    not_caught_up     the read model did not reach `after` in time: retry the call
    conflict          concurrent changes kept colliding: retry the command (same command_id)
    unavailable       the event store or the database is unreachable: retry later
    internal          anything else; logged with its type and place, never its text

The door itself (argument checks, logging, the answers every service shares) is the platform's:
services/runtime/doors.py. What is this service's own is here: its codes, its translations and
the checks of its arguments' shapes (coordinates, GeoJSON).
"""

from __future__ import annotations

import json
import math
from typing import Any

from contracts.neighbourhoods.refusals import NOTE_TOO_LONG, UNKNOWN_NEIGHBOURHOOD
from neighbourhoods.domain.errors import NeighbourhoodsRefusal, UnknownNeighbourhood
from services.eventstore.keyring import KeyringError
from services.runtime.doors import Door, ServiceError, done

__all__ = ["DOOR", "NOTE", "ServiceError", "degrees", "done", "geojson"]

DETAILS = (
    "distance_m",
    "limit",
    "area_km2",
    "minimum_km2",
    "maximum_km2",
    "reason",
    "retry_after_seconds",
)
# Answered as the code clients share for "no such thing", as it always was on the wire.
CODES: dict[type[Exception], str] = {UnknownNeighbourhood: UNKNOWN_NEIGHBOURHOOD.answered_code}
# The longest note a door accepts: the domain's rule (domain/text.py) says the same.
NOTE = int(NOTE_TOO_LONG.limits["max_length"])


def _own(exc: Exception) -> ServiceError | None:
    """This service's answer for one of its own failures; the door answers the platform's."""
    if isinstance(exc, NeighbourhoodsRefusal):
        return DOOR.refused(exc, DETAILS, CODES, shown=_shown)
    if isinstance(exc, KeyringError):
        # The keyring opens identity's events, which this service reads from the event store.
        return DOOR.unavailable("the event store")
    return None


def _shown(value: Any) -> Any:
    if isinstance(value, float) and math.isfinite(value):
        return round(value, 4)
    return value


DOOR = Door("neighbourhoods", _own, failed="the neighbourhoods service failed")


def degrees(value: Any, name: str, limit: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise DOOR.invalid(f"{name} must be a number")
    try:
        number = float(value)
    except ValueError:
        raise DOOR.invalid(f"{name} must be a number") from None
    if not math.isfinite(number) or abs(number) > limit:
        raise DOOR.invalid(f"{name} must be within [-{limit:g}, {limit:g}]")
    return number


def geojson(value: Any, name: str = "boundary") -> Any:
    """A boundary as received: a dict, or its JSON text (a query string's form). Its content is
    the domain's to judge."""
    if isinstance(value, str):
        if len(value) > 1_000_000:
            raise DOOR.invalid(f"{name} is too large")
        try:
            value = json.loads(value)
        except ValueError:
            raise DOOR.invalid(f"{name} must be GeoJSON") from None
    if not isinstance(value, dict):
        raise DOOR.invalid(f"{name} must be a GeoJSON object")
    return value
