"""Commands on a connection (stream matching.connection-<connection_id>)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class MakeConnection:
    """Put two residents in touch (the policy, from a match or a chosen responder). `blocked`:
    whether either has blocked the other as the policy knows it at that point of the log."""

    command_id: uuid.UUID
    connection_id: uuid.UUID
    resident_ids: tuple[uuid.UUID, uuid.UUID]
    source: str
    match_id: uuid.UUID | None
    listing_id: uuid.UUID | None
    blocked: bool
    at: datetime


@dataclass(frozen=True)
class PostMessage:
    """`blocked`: whether either side has blocked the other, as the read model knows it."""

    command_id: uuid.UUID
    connection_id: uuid.UUID
    author_id: uuid.UUID
    text: str
    blocked: bool
    at: datetime

    @property
    def message_id(self) -> uuid.UUID:
        return uuid.uuid5(self.command_id, "message")


@dataclass(frozen=True)
class EndConnection:
    command_id: uuid.UUID
    connection_id: uuid.UUID
    resident_id: uuid.UUID
    reason: str | None
    at: datetime


@dataclass(frozen=True)
class EndForBlock:
    """End the connection because `blocker_id` blocked the other side (the blocking policy);
    nothing when it has ended already."""

    command_id: uuid.UUID
    connection_id: uuid.UUID
    blocker_id: uuid.UUID
    at: datetime


@dataclass(frozen=True)
class GiveThanks:
    command_id: uuid.UUID
    connection_id: uuid.UUID
    author_id: uuid.UUID
    text: str
    blocked: bool
    at: datetime

    @property
    def thanks_id(self) -> uuid.UUID:
        return uuid.uuid5(self.command_id, "thanks")


ConnectionCommand = MakeConnection | PostMessage | EndConnection | EndForBlock | GiveThanks
