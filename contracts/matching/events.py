"""Contracts of the matching context: matches, connections and blocks.

Streams:
- `matching.connection-<connection_id>`: one connection's life, its messages and thanks
  (ConnectionEvent). Its expected version serialises whatever happens in it: a message against
  its end, two thanks from one side.
- `matching.blocks-<blocker_id>`: whom a resident blocks (BlocksEvent).

Personal data: a message, a thank-you and the reason a connection ended are their author's
words, sealed with the author's key. The dataclasses and their contracts live in the sibling
modules; this module gathers them.
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

__all__ = [
    "CONTRACTS",
    "BlocksEvent",
    "ConnectionEnded",
    "ConnectionEvent",
    "ConnectionMade",
    "MessagePosted",
    "ResidentBlocked",
    "ResidentUnblocked",
    "ThanksGiven",
]

CONTRACTS: tuple[EventContract, ...] = (
    CONNECTION_MADE,
    MESSAGE_POSTED,
    CONNECTION_ENDED,
    THANKS_GIVEN,
    RESIDENT_BLOCKED,
    RESIDENT_UNBLOCKED,
)

ConnectionEvent = ConnectionMade | MessagePosted | ConnectionEnded | ThanksGiven
"""Every event of a connection's stream."""

BlocksEvent = ResidentBlocked | ResidentUnblocked
"""Every event of a resident's blocks stream."""
