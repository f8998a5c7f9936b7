"""The checks of the listings doors' arguments' shapes, before any command is built: ids, lists
of ids, texts, details, moments. What they mean (a title's length, details that fit their
category, an expiry within 90 days) is the domain's to judge; a wrong shape is the door's
invalid_request."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from listings.service.errors import DOOR

__all__ = ["LONGEST", "details", "ids", "maybe_moment", "text"]

# Longer than any text the domain accepts: the domain refuses with the rule's own refusal.
LONGEST = 20_000
MAX_IDS = 20


def text(value: Any, name: str) -> str:
    return DOOR.text(value, name, LONGEST)


def ids(value: Any, name: str) -> tuple[uuid.UUID, ...]:
    if not isinstance(value, list | tuple) or len(value) > MAX_IDS:
        raise DOOR.invalid(f"{name} must be a list of at most {MAX_IDS} UUIDs")
    return tuple(DOOR.uid(item, name) for item in value)


def details(value: Any) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise DOOR.invalid("details must be an object")
    return value


def maybe_moment(value: Any, name: str) -> datetime | None:
    """An ISO 8601 time with its offset, or None."""
    return None if value is None else DOOR.moment(value, name)
