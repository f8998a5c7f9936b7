"""The matching service's command doors: each side of a match accepts or declines it. Each is
declared by its command type (services/runtime/command_door.py)."""

from __future__ import annotations

from typing import Any

from matching.commands import AcceptMatch, DeclineMatch
from matching.service.errors import DOOR
from services.runtime.command_door import command_door


def _act(handlers: Any, command: Any, actor_id: Any) -> str | None:
    position: str | None = handlers.act(command, actor_id)
    return position


accept_match = command_door(
    DOOR,
    AcceptMatch,
    "accept_match",
    actor="resident_id",
    run=_act,
    doc="Either side. -> {position}. unknown_match, match_not_open, match_already_answered.",
)
decline_match = command_door(
    DOOR,
    DeclineMatch,
    "decline_match",
    actor="resident_id",
    run=_act,
    doc="Either side, before they connect. -> {position}. unknown_match, match_not_open, "
    "match_already_answered.",
)

DOORS = (accept_match, decline_match)
