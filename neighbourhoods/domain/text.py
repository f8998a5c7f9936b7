"""The words people write: a neighbourhood's name and description, moderators' notes."""

from __future__ import annotations

from contracts.neighbourhoods.refusals import INVALID_DESCRIPTION, INVALID_NAME, NOTE_TOO_LONG
from neighbourhoods.domain.errors import (
    InvalidDescription,
    InvalidName,
    NoteTooLong,
    ReasonRequired,
)

MIN_NAME = int(INVALID_NAME.limits["min_length"])
MAX_NAME = int(INVALID_NAME.limits["max_length"])
MAX_DESCRIPTION = int(INVALID_DESCRIPTION.limits["max_length"])
MAX_NOTE = int(NOTE_TOO_LONG.limits["max_length"])


def name(text: str) -> str:
    cleaned = " ".join(text.split())
    if not MIN_NAME <= len(cleaned) <= MAX_NAME:
        raise InvalidName(f"a neighbourhood's name has {MIN_NAME} to {MAX_NAME} characters")
    return cleaned


def description(text: str) -> str:
    cleaned = text.strip()
    if len(cleaned) > MAX_DESCRIPTION:
        raise InvalidDescription(f"a description has at most {MAX_DESCRIPTION} characters")
    return cleaned


def note(text: str | None, required: bool) -> str | None:
    """A reason or a message: blank is none, which a `required` note may not be."""
    cleaned = text.strip() if text else ""
    if not cleaned:
        if required:
            raise ReasonRequired("say why: the member will be able to read it")
        return None
    if len(cleaned) > MAX_NOTE:
        raise NoteTooLong(f"a note has at most {MAX_NOTE} characters")
    return cleaned
