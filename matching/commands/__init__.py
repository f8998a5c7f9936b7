"""Commands of the matching context, as the domain decides on them: a match's (matches.py);
the connections' are sibling modules of this package.

Every command carries its `command_id` (event ids are derived from it) and `at`, the time.
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
