"""The ports the listings handlers are given, each declared here once. Photos: a processor that
turns an upload into the files we keep (listings/adapters/photos.py, Pillow) and a storage that
keeps them outside the log (listings/adapters/storage.py: files under the data dir, or memory
for tests). Other outside dependencies of the context join them here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class ProcessedPhoto:
    """An upload decoded, turned upright, stripped of every metadata block and re-encoded:
    `full` (at most FULL_SIZE_PX a side) is `width` x `height`, `thumbnail` at most
    THUMBNAIL_PX a side, both `content_type`; the hashes are SHA-256 hex of those bytes, as
    PhotoUploaded records them."""

    content_type: str
    width: int
    height: int
    full: bytes
    thumbnail: bytes
    sha256: str
    thumbnail_sha256: str


class PhotoProcessor(Protocol):
    def process(self, raw: bytes, /) -> ProcessedPhoto:
        """Raises listings.domain.errors.PhotoTooLarge or InvalidPhoto, and nothing else,
        whatever the bytes."""
        ...


class PhotoStorage(Protocol):
    """Sizes are contracts.listings.photos.SIZES ("full", "thumbnail"); another is a
    ValueError and stores nothing."""

    def put(self, photo_id: uuid.UUID, size: str, content: bytes, /) -> None:
        """Store (or replace) one size of a photo, whole or not at all."""
        ...

    def get(self, photo_id: uuid.UUID, size: str, /) -> bytes | None:
        """The stored bytes, or None when there are none."""
        ...

    def delete(self, photo_id: uuid.UUID, /) -> None:
        """Delete every size of the photo. Idempotent."""
        ...
