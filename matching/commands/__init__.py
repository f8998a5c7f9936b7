"""Commands of the matching context, one module per consistency boundary: matches.py (a match
between an offer and a request), connections.py (a connection, its messages and thanks) and
blocks.py (whom a resident blocks).

Every command carries its `command_id` (the ids of what it creates are derived from it with
uuid5) and `at`, the time. What the context learns elsewhere (whether a block stands between two
residents) comes in the command as a fact: the domain reads nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from matching.commands.matches import (
    AcceptMatch,
    DeclineMatch,
    MatchCommand,
    ProposeMatch,
    WithdrawMatch,
)

__all__ = [
    "AcceptMatch",
    "DeclineMatch",
    "MatchCommand",
    "ProposeMatch",
    "Settings",
    "WithdrawMatch",
]

PROPOSALS_PER_DAY = 5
MINIMUM_SCORE = 35


@dataclass(frozen=True)
class Settings:
    """The numbers a deployment may set: at most `proposals_per_day` new proposals for one
    listing in a day (UTC), each scoring at least `minimum_score` (out of 100)."""

    proposals_per_day: int = PROPOSALS_PER_DAY
    minimum_score: int = MINIMUM_SCORE
