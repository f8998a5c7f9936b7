"""Given/when/then on events for connections and blocks, and builders of their commands.

given(made()).when(post(ADA, "Bonjour")).then(MessagePosted(...))
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from contracts.matching.events import ConnectionMade
from matching.commands.blocks import BlockResident, UnblockResident
from matching.commands.connections import (
    EndConnection,
    EndForBlock,
    GiveThanks,
    MakeConnection,
    PostMessage,
)
from matching.domain.blocks import decide_blocks, fold_blocks
from matching.domain.connection import decide, fold
from tests.support.scenarios import scenarios

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
ADA, BOB, EVE = (uuid.uuid4() for _ in range(3))
CID, LID = uuid.uuid4(), uuid.uuid4()


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


def make(blocked: bool = False, at: datetime = T0) -> MakeConnection:
    return MakeConnection(uuid.uuid4(), CID, (ADA, BOB), "response", None, LID, blocked, at)


def made() -> ConnectionMade:
    return ConnectionMade(CID, (ADA, BOB), "response", T0, None, LID)


def post(author: uuid.UUID, text: str = "Bonjour !", at: datetime = T0, blocked: bool = False):
    return PostMessage(uuid.uuid4(), CID, author, text, blocked, at)


def end(who: uuid.UUID, reason: str | None = None) -> EndConnection:
    return EndConnection(uuid.uuid4(), CID, who, reason, T0 + minutes(30))


def end_for_block(blocker: uuid.UUID) -> EndForBlock:
    return EndForBlock(uuid.uuid4(), CID, blocker, T0 + minutes(40))


def thank(author: uuid.UUID, text: str = "Merci !", blocked: bool = False) -> GiveThanks:
    return GiveThanks(uuid.uuid4(), CID, author, text, blocked, T0 + minutes(50))


def block(blocker: uuid.UUID, blocked: uuid.UUID, known: bool = True) -> BlockResident:
    return BlockResident(uuid.uuid4(), blocker, blocked, known, T0)


def unblock(blocker: uuid.UUID, blocked: uuid.UUID) -> UnblockResident:
    return UnblockResident(uuid.uuid4(), blocker, blocked, T0 + minutes(5))


given = scenarios(fold, decide)
given_blocks = scenarios(fold_blocks, decide_blocks)
