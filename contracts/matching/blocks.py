"""Matching contracts of blocking: a resident blocks another, so that the two are never matched
or connected again, their open connection ends and neither sees the other's messages. Declared
in contracts.matching.

Stream `matching.blocks-<blocker_id>`: the blocker's list, whose expected version serialises
their blocks and unblocks.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from ..fields import contract_of

MAX_BLOCKS = 500


@dataclass(frozen=True)
class ResidentBlocked:
    blocker_id: uuid.UUID
    blocked_id: uuid.UUID
    blocked_at: datetime


@dataclass(frozen=True)
class ResidentUnblocked:
    """The block is lifted: the two may be matched or connected again (an ended connection
    stays ended)."""

    blocker_id: uuid.UUID
    blocked_id: uuid.UUID
    unblocked_at: datetime


RESIDENT_BLOCKED = contract_of("matching", ResidentBlocked, "blocker_id")
RESIDENT_UNBLOCKED = contract_of("matching", ResidentUnblocked, "blocker_id")
