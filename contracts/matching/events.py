"""Contracts of the matching context: matches, connections and blocks.

Streams:
- `matching.match-<match_id>`: one pair of listings' match (MatchEvent), contracts/matching/
  matches.py.
- `matching.connection-<connection_id>`: one connection's life, its messages and thanks
  (ConnectionEvent). Its expected version serialises whatever happens in it: a message against
  its end, two thanks from one side.
- `matching.blocks-<blocker_id>`: whom a resident blocks (BlocksEvent).

Personal data: a match holds ids, a category, a score and reasons made of what both residents
published (a street's name, common words); no free text of either. A message, a thank-you and the
reason a connection ended are their author's words, sealed with the author's key. The dataclasses
and their contracts live in the sibling modules; this module gathers them.
"""

from __future__ import annotations

from ..registry import EventContract
from .blocks import RESIDENT_BLOCKED, RESIDENT_UNBLOCKED, ResidentBlocked, ResidentUnblocked
from .connections import (
    CONNECTION_ENDED,
    CONNECTION_MADE,
    MESSAGE_POSTED,
    THANKS_GIVEN,
    ConnectionEnded,
    ConnectionMade,
    MessagePosted,
    ThanksGiven,
)
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
    "BlocksEvent",
    "ConnectionEnded",
    "ConnectionEvent",
    "ConnectionMade",
    "MatchAccepted",
    "MatchConnected",
    "MatchDeclined",
    "MatchEvent",
    "MatchProposed",
    "MatchWithdrawn",
    "MessagePosted",
    "ResidentBlocked",
    "ResidentUnblocked",
    "ThanksGiven",
]

CONTRACTS: tuple[EventContract, ...] = (
    MATCH_PROPOSED,
    MATCH_ACCEPTED,
    MATCH_DECLINED,
    MATCH_CONNECTED,
    MATCH_WITHDRAWN,
    CONNECTION_MADE,
    MESSAGE_POSTED,
    CONNECTION_ENDED,
    THANKS_GIVEN,
    RESIDENT_BLOCKED,
    RESIDENT_UNBLOCKED,
)

MatchEvent = MatchProposed | MatchAccepted | MatchDeclined | MatchConnected | MatchWithdrawn
"""Every event of a match's stream."""

ConnectionEvent = ConnectionMade | MessagePosted | ConnectionEnded | ThanksGiven
"""Every event of a connection's stream."""

BlocksEvent = ResidentBlocked | ResidentUnblocked
"""Every event of a resident's blocks stream."""
