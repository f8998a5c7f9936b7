"""The words people write: a neighbourhood's name and description, moderators' notes."""

from __future__ import annotations

from neighbourhoods.domain.errors import (
    InvalidDescription,
    InvalidName,
    NoteTooLong,
    ReasonRequired,
)

MAX_NAME = 80
MAX_DESCRIPTION = 2000
MAX_NOTE = 500


def name(text: str) -> str:
    cleaned = " ".join(text.split())
    if not 1 <= len(cleaned) <= MAX_NAME:
        raise InvalidName(f"a neighbourhood's name has 1 to {MAX_NAME} characters")
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
