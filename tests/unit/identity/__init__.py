"""Given/when/then on events for the identity domain, and builders of its events.

given(*registered(rid), declared(rid, aid)).when(PostLetter(...)).then(LetterPosted(...))
given(...).when(EnterLetterCode(...)).refused(WrongCode, recorded=[...])
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from contracts.identity.events import (
    AddressDeclared,
    AddressVerified,
    LetterPosted,
    PasswordChanged,
    ResidentRegistered,
)
from identity.domain.resident import decide
from identity.domain.state import fold
from tests.support.scenarios import scenarios

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
HOME = (48.8530, 2.3499)
# Who grants and revokes roles in the tests: the command line, an operator.
OPS = "system:ops"


def days(n: float) -> timedelta:
    return timedelta(days=n)


def ids(n: int) -> list[uuid.UUID]:
    return [uuid.uuid4() for _ in range(n)]


def metres_north(point: tuple[float, float], metres: float) -> tuple[float, float]:
    return (point[0] + metres / 111_195.0, point[1])


given = scenarios(fold, decide)


def registered(
    rid: uuid.UUID, email: str = "ada@example.org", name: str = "Ada", at: datetime = T0
) -> list[Any]:
    return [ResidentRegistered(rid, email, name, at), PasswordChanged(rid, "argon2:ada", at)]


def declared(
    rid: uuid.UUID,
    address_id: uuid.UUID,
    location: tuple[float, float] | None = HOME,
    line: str = "3 rue des Lilas",
    at: datetime = T0,
    ban_id: str | None = None,
) -> AddressDeclared:
    """`ban_id` None: as declared before the geocoder named the door (a version 1 event)."""
    lat, lon = location if location is not None else (None, None)
    return AddressDeclared(rid, address_id, line, "75004", "Paris", "FR", lat, lon, at, ban_id)


def posted(
    rid: uuid.UUID,
    letter_id: uuid.UUID,
    address_id: uuid.UUID,
    code_hash: str = "hash-of-right-code",
    at: datetime = T0,
) -> LetterPosted:
    return LetterPosted(rid, letter_id, address_id, code_hash, at, at + days(30))


def verified_at(
    rid: uuid.UUID,
    address_id: uuid.UUID,
    location: tuple[float, float] = HOME,
    at: datetime = T0,
) -> list[Any]:
    """A resident registered, living at `location`, verified there by letter."""
    letter_id = uuid.uuid4()
    return [
        *registered(rid, at=at),
        declared(rid, address_id, location, at=at),
        posted(rid, letter_id, address_id, at=at),
        AddressVerified(rid, address_id, "letter", letter_id, at),
    ]
