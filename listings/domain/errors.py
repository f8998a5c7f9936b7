"""Why the listings context refuses a command: one error per rule, each naming its refusal
(contracts/listings/refusals.py: code, status, field, details, limits). Messages hold counts and
limits, never a personal value nor a resident's id, so they are safe to log and to show."""

from __future__ import annotations

from contracts.listings import refusals


class ListingsRefusal(Exception):
    """A command refused by a rule of the listings context."""


class PhotoTooLarge(ListingsRefusal):
    refusal = refusals.PHOTO_TOO_LARGE

    def __init__(self) -> None:
        super().__init__(f"a photo file has at most {self.refusal.limits['max_bytes']} bytes")


class InvalidPhoto(ListingsRefusal):
    """The upload is not an image we read; `reason` says why, in a stable word (see
    listings/adapters/photos.py), never quoting the file."""

    refusal = refusals.INVALID_PHOTO

    def __init__(self, reason: str) -> None:
        super().__init__(f"invalid photo: {reason}")
        self.reason = reason
