"""The listings service's photo doors: an upload re-encoded and stored, then recorded; a photo
served to whoever may see it.

The upload's bytes never enter the log: the processor decodes them (refusing a decompression
bomb or a broken file), turns the image upright and drops every metadata block; the storage
keeps the full size and the thumbnail; PhotoUploaded records their hashes. Files written for a
command that then fails are left for nobody: the photo's id is derived from the command id, so
a retry writes the same files again.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from contracts.listings.photos import MAX_UPLOAD_BYTES
from listings.commands import UploadPhoto
from listings.domain.errors import PhotoTooLarge, UnknownPhoto
from listings.handlers.base import resident_actor
from listings.projections import photos as stored
from listings.service.errors import DOOR
from listings.service.queries import reading
from services.runtime.doors import done

# The API's names of the sizes, and the storage's.
SIZES = {"thumb": "thumbnail", "thumbnail": "thumbnail", "full": "full"}
# base64 makes 4 characters of 3 bytes.
LONGEST_B64 = (MAX_UPLOAD_BYTES // 3 + 1) * 4


@DOOR.rpc
@DOOR.wrap
def upload_photo(
    service: Any, command_id: str, uploader_id: str, content_b64: str
) -> dict[str, Any]:
    """`content_b64`: the uploaded file, base64. -> {photo_id, position}. invalid_photo
    (details.reason), photo_too_large."""
    cid, who = DOOR.uid(command_id, "command_id"), DOOR.uid(uploader_id, "uploader_id")
    if not isinstance(content_b64, str):
        raise DOOR.invalid("content_b64 must be base64 text")
    if len(content_b64) > LONGEST_B64:
        raise PhotoTooLarge()
    try:
        raw = base64.b64decode(content_b64, validate=True)
    except (binascii.Error, ValueError):
        raise DOOR.invalid("content_b64 must be base64 text") from None
    photo = service.photos.processor.process(raw)
    handlers = service.handlers
    command = UploadPhoto(
        cid, who, photo.content_type, photo.width, photo.height, photo.sha256,
        photo.thumbnail_sha256, handlers.clock(),
    )  # fmt: skip
    # The files first: an event never names a photo that is not stored.
    service.photos.storage.put(command.photo_id, "full", photo.full)
    service.photos.storage.put(command.photo_id, "thumbnail", photo.thumbnail)
    outcome = handlers.run(command, resident_actor(who))
    return done(outcome.position, photo_id=command.photo_id)


@DOOR.rpc
@DOOR.wrap
def photo(
    service: Any, photo_id: str, viewer_id: str, size: str = "thumb", after: str | None = None
) -> dict[str, Any]:
    """-> {content_type, content_b64}, to its uploader and to members of a neighbourhood
    where a listing holding it is shown and visible to them. unknown_photo."""
    pid, who = DOOR.uid(photo_id, "photo_id"), DOOR.uid(viewer_id, "viewer_id")
    kept = SIZES.get(size) if isinstance(size, str) else None
    if kept is None:
        raise DOOR.invalid("size must be thumb or full")
    with reading(service, after) as conn:
        visible = stored.photo_visible(conn, service.read.listings, service.read.facts, pid, who)
        content_type = stored.content_type(conn, service.read.listings, pid) if visible else None
    content = service.photos.storage.get(pid, kept) if content_type else None
    if content is None:
        raise UnknownPhoto("no such photo")
    return {"content_type": content_type, "content_b64": base64.b64encode(content).decode("ascii")}


DOORS = (upload_photo, photo)
