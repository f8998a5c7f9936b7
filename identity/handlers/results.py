"""What the account handlers answer (handlers.py): a registration, a signed-in resident, a
link used."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Registered:
    resident_id: uuid.UUID
    position: str | None


@dataclass(frozen=True)
class Session:
    """A signed-in resident. Keeping (and signing or hashing) the session id is the gateway's."""

    session_id: str
    resident_id: uuid.UUID
    roles: frozenset[tuple[str, uuid.UUID | None]]
    verified: bool
    started_at: datetime
    position: str | None


@dataclass(frozen=True)
class Confirmed:
    """A link was used: whose account it was, and the position of what it recorded."""

    resident_id: uuid.UUID
    position: str | None
