"""Listings contracts of a listing's life: published, edited, closed, reopened, renewed, expired,
and withdrawn from a neighbourhood its author no longer belongs to. Declared in
contracts.listings.

A listing is shown in each neighbourhood of `neighbourhood_ids` (one listing, several boards).
Its texts and details are written by its author: sealed with the author's key, they read as
erased once the author is erased. `photos` link images stored outside the log by id and content
hash (contracts.listings.photos), as `{photo_id, sha256}` objects in order. `details` are the
category's details as contracts.listings.categories validated and normalised them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from marshmallow import ValidationError, fields, validate

from ..fields import contract_of, one_of, text
from ..pii import pii
from .categories import CATEGORIES, KINDS

MIN_TITLE = 3
MAX_TITLE = 120
MAX_DESCRIPTION = 5000
MAX_PHOTOS = 6
TITLE = validate.Length(min=MIN_TITLE, max=MAX_TITLE)
DESCRIPTION = validate.Length(max=MAX_DESCRIPTION)
OUTCOMES = ("done", "withdrawn")
"""How an author closes a listing: it happened, or they changed their mind."""
WITHDRAWAL_CAUSES = ("left", "removed", "unverified", "erased")
"""Why a listing stopped being shown in a neighbourhood without its author asking: they left it,
a moderator removed them, their home stopped being verified, or they were erased."""


_PHOTO: dict[str, fields.Field[Any]] = {
    "photo_id": fields.UUID(required=True),
    "sha256": fields.String(required=True, validate=validate.Regexp(r"^[0-9a-f]{64}$")),
}


def _photos() -> fields.List[Any]:
    return fields.List(
        fields.Dict(keys=fields.String(), values=fields.String()),
        required=True,
        validate=[validate.Length(max=MAX_PHOTOS), _photo_list],
    )


def _photo_list(photos: list[dict[str, Any]]) -> None:
    ids = []
    for photo in photos:
        if set(photo) != set(_PHOTO):
            raise ValidationError("a photo is {photo_id, sha256}")
        for name, field in _PHOTO.items():
            field.deserialize(photo[name])
        ids.append(photo["photo_id"])
    if len(set(ids)) != len(ids):
        raise ValidationError("a photo appears once")


def _details() -> fields.Dict:
    return pii(fields.Dict(required=True, keys=fields.String()))


@dataclass(frozen=True)
class ListingPublished:
    """An author published an offer or a request in one or more of their neighbourhoods.
    `photos` are `{photo_id, sha256}` objects; `details` the category's validated details."""

    listing_id: uuid.UUID
    author_id: uuid.UUID
    neighbourhood_ids: list[uuid.UUID]
    kind: str
    category: str
    title: str
    description: str
    details: dict[str, Any]
    photos: list[dict[str, str]]
    expires_at: datetime
    published_at: datetime


@dataclass(frozen=True)
class ListingEdited:
    """The author changed what the listing says; the whole new text is recorded, the old one
    stays in the log."""

    listing_id: uuid.UUID
    author_id: uuid.UUID
    title: str
    description: str
    details: dict[str, Any]
    photos: list[dict[str, str]]
    edited_at: datetime


@dataclass(frozen=True)
class ListingClosed:
    """The author closed the listing: `done` (it happened) or `withdrawn`."""

    listing_id: uuid.UUID
    outcome: str
    closed_at: datetime


@dataclass(frozen=True)
class ListingReopened:
    """The author opened a closed or expired listing again, until `expires_at`."""

    listing_id: uuid.UUID
    expires_at: datetime
    reopened_at: datetime


@dataclass(frozen=True)
class ListingRenewed:
    """The author pushed an open listing's expiry to `expires_at`."""

    listing_id: uuid.UUID
    expires_at: datetime
    renewed_at: datetime


@dataclass(frozen=True)
class ListingExpired:
    """The listing reached its expiry while open (recorded by the system, on the clock)."""

    listing_id: uuid.UUID
    expired_at: datetime


@dataclass(frozen=True)
class ListingWithdrawn:
    """The listing is no longer shown in `neighbourhood_id` because its author stopped being a
    member there (WITHDRAWAL_CAUSES); recorded by the system. When it was shown nowhere else,
    it is closed as withdrawn."""

    listing_id: uuid.UUID
    neighbourhood_id: uuid.UUID
    cause: str
    withdrawn_at: datetime


def _uuid_list() -> fields.List[Any]:
    return fields.List(fields.UUID(), required=True, validate=validate.Length(min=1, max=10))


LISTING_PUBLISHED = contract_of(
    "listings",
    ListingPublished,
    "author_id",
    neighbourhood_ids=_uuid_list(),
    kind=one_of(KINDS),
    category=one_of(CATEGORIES),
    title=pii(text(TITLE)),
    description=pii(text(DESCRIPTION)),
    details=_details(),
    photos=_photos(),
)
LISTING_EDITED = contract_of(
    "listings",
    ListingEdited,
    "author_id",
    title=pii(text(TITLE)),
    description=pii(text(DESCRIPTION)),
    details=_details(),
    photos=_photos(),
)
LISTING_CLOSED = contract_of("listings", ListingClosed, outcome=one_of(OUTCOMES))
LISTING_REOPENED = contract_of("listings", ListingReopened)
LISTING_RENEWED = contract_of("listings", ListingRenewed)
LISTING_EXPIRED = contract_of("listings", ListingExpired)
LISTING_WITHDRAWN = contract_of("listings", ListingWithdrawn, cause=one_of(WITHDRAWAL_CAUSES))
