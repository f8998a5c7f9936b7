"""Commands on a match (stream matching.match-<match_id>). A proposal names its pair of
listings, from which the match's id is derived; it is issued by the proposals policy with a
command id derived from the pair too, so that running it again appends nothing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from contracts.matching.matches import match_id_for


@dataclass(frozen=True)
class ProposeMatch:
    command_id: uuid.UUID
    offer_id: uuid.UUID
    request_id: uuid.UUID
    offer_author_id: uuid.UUID
    request_author_id: uuid.UUID
    neighbourhood_id: uuid.UUID
    category: str
    score: int
    reasons: tuple[dict[str, Any], ...]
    at: datetime
    match_id: uuid.UUID = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "match_id", match_id_for(self.offer_id, self.request_id))


@dataclass(frozen=True)
class AcceptMatch:
    command_id: uuid.UUID
    match_id: uuid.UUID
    resident_id: uuid.UUID
    at: datetime


@dataclass(frozen=True)
class DeclineMatch:
    command_id: uuid.UUID
    match_id: uuid.UUID
    resident_id: uuid.UUID
    at: datetime


@dataclass(frozen=True)
class WithdrawMatch:
    """Recorded by the system: `cause` one of contracts.matching.matches.WITHDRAWAL_CAUSES."""

    command_id: uuid.UUID
    match_id: uuid.UUID
    cause: str
    at: datetime


MatchCommand = ProposeMatch | AcceptMatch | DeclineMatch | WithdrawMatch
