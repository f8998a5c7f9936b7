"""Contracts of the matching context.

Streams:
- `matching.match-<match_id>`: one pair of listings' match (MatchEvent), contracts/matching/
  matches.py.

Personal data: a match holds ids, a category, a score and reasons made of what both residents
published (a street's name, common words); no free text of either. The dataclasses and their
contracts live in the sibling modules; this module gathers them.
"""

from __future__ import annotations

from ..registry import EventContract
from .matches import (
    MATCH_ACCEPTED,
    MATCH_CONNECTED,
    MATCH_DECLINED,
    MATCH_PROPOSED,
    MATCH_WITHDRAWN,
    MatchAccepted,
    MatchConnected,
    MatchDeclined,
    MatchProposed,
    MatchWithdrawn,
)

__all__ = [
    "CONTRACTS",
    "MatchAccepted",
    "MatchConnected",
    "MatchDeclined",
    "MatchEvent",
    "MatchProposed",
    "MatchWithdrawn",
]

CONTRACTS: tuple[EventContract, ...] = (
    MATCH_PROPOSED,
    MATCH_ACCEPTED,
    MATCH_DECLINED,
    MATCH_CONNECTED,
    MATCH_WITHDRAWN,
)

MatchEvent = MatchProposed | MatchAccepted | MatchDeclined | MatchConnected | MatchWithdrawn
"""Every event of a match's stream."""
