"""Listings contracts of photos. Declared in contracts.listings.

Stream `listings.photo-<photo_id>`. The image itself never enters the log: the listings context
decodes the upload, applies its orientation, drops every metadata block (EXIF, GPS, XMP, ICC
comments) and stores a full size and a thumbnail through its photo storage port; the log keeps
who uploaded what, with content hashes, so that a listing links its photos by id and hash and an
audit can tell the stored files are the ones recorded. An uploader's photos are deleted when
they are erased (PhotoDeleted).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from marshmallow import validate

from ..fields import contract_of, count, one_of, text

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
FULL_SIZE_PX = 1600
THUMBNAIL_PX = 400
MAX_PIXELS = 40_000_000
"""Larger images are refused before decoding (a decompression bomb)."""
STORED_TYPES = ("image/webp", "image/jpeg")
SIZES = ("full", "thumbnail")
"""The stored files of one photo, as a reader asks for them."""
DELETION_CAUSES = ("erased", "unused")
SHA256 = validate.Regexp(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class PhotoUploaded:
    """`uploader_id` uploaded an image, stored re-encoded as `content_type` at `width` x
    `height` (full size) with a thumbnail; the hashes are of the stored files."""

    photo_id: uuid.UUID
    uploader_id: uuid.UUID
    content_type: str
    width: int
    height: int
    sha256: str
    thumbnail_sha256: str
    uploaded_at: datetime


@dataclass(frozen=True)
class PhotoDeleted:
    """The photo's files were deleted (its uploader was erased, or it was never used)."""

    photo_id: uuid.UUID
    cause: str
    deleted_at: datetime


_SIDE = validate.Range(min=1, max=FULL_SIZE_PX)
PHOTO_UPLOADED = contract_of(
    "listings",
    PhotoUploaded,
    "uploader_id",
    content_type=one_of(STORED_TYPES),
    width=count(_SIDE),
    height=count(_SIDE),
    sha256=text(SHA256),
    thumbnail_sha256=text(SHA256),
)
PHOTO_DELETED = contract_of("listings", PhotoDeleted, cause=one_of(DELETION_CAUSES))
