"""A photo (stream `listings.photo-<photo_id>`): who uploaded which stored files, and their
deletion. The image itself never enters the log; the photo processor (ports.py) has decoded and
re-encoded it before the command is made, and its storage holds the files."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import reduce

from contracts.listings.events import PhotoDeleted, PhotoEvent, PhotoUploaded
from contracts.listings.photos import DELETION_CAUSES, FULL_SIZE_PX, STORED_TYPES
from listings.commands import DeletePhoto, PhotoCommand, UploadPhoto
from listings.domain.errors import InvalidPhoto, UnknownPhoto

SHA256 = re.compile(r"^[0-9a-f]{64}$")


def photo_stream(photo_id: uuid.UUID) -> str:
    return f"listings.photo-{photo_id}"


@dataclass(frozen=True)
class Photo:
    photo_id: uuid.UUID | None = None
    uploader_id: uuid.UUID | None = None
    sha256: str = ""
    deleted: bool = False

    @property
    def exists(self) -> bool:
        return self.photo_id is not None


NO_PHOTO = Photo()


def evolve_photo(state: Photo, event: PhotoEvent) -> Photo:
    match event:
        case PhotoUploaded():
            return Photo(event.photo_id, event.uploader_id, event.sha256)
        case PhotoDeleted():
            return replace(state, deleted=True)
    return state


def fold_photo(events: Iterable[PhotoEvent]) -> Photo:
    return reduce(evolve_photo, events, NO_PHOTO)


def decide_photo(command: PhotoCommand, state: Photo) -> list[PhotoEvent]:
    match command:
        case UploadPhoto():
            return _upload(command, state)
        case DeletePhoto():
            if command.cause not in DELETION_CAUSES:
                raise ValueError(f"a photo is deleted as one of {', '.join(DELETION_CAUSES)}")
            if not state.exists:
                raise UnknownPhoto("no such photo")
            if state.deleted:
                return []
            return [PhotoDeleted(command.photo_id, command.cause, command.at)]
    raise TypeError(f"not a photo command: {type(command).__name__}")


def _upload(command: UploadPhoto, state: Photo) -> list[PhotoEvent]:
    if state.exists:
        return []
    if command.content_type not in STORED_TYPES:
        raise InvalidPhoto("stored as an unexpected type")
    if not all(1 <= side <= FULL_SIZE_PX for side in (command.width, command.height)):
        raise InvalidPhoto(f"stored larger than {FULL_SIZE_PX} px")
    if not (SHA256.match(command.sha256) and SHA256.match(command.thumbnail_sha256)):
        raise InvalidPhoto("its content hash is not a SHA-256")
    uploaded = PhotoUploaded(
        photo_id=command.photo_id,
        uploader_id=command.uploader_id,
        content_type=command.content_type,
        width=command.width,
        height=command.height,
        sha256=command.sha256,
        thumbnail_sha256=command.thumbnail_sha256,
        uploaded_at=command.at,
    )
    return [uploaded]
