"""Commands on a resident's blocks (stream matching.blocks-<blocker_id>)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class BlockResident:
    """`known`: whether the resident to block is registered and not erased, as the read model
    knows it."""

    command_id: uuid.UUID
    blocker_id: uuid.UUID
    blocked_id: uuid.UUID
    known: bool
    at: datetime


@dataclass(frozen=True)
class UnblockResident:
    command_id: uuid.UUID
    blocker_id: uuid.UUID
    blocked_id: uuid.UUID
    at: datetime


BlocksCommand = BlockResident | UnblockResident
