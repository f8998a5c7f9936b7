"""The API's photo routes: uploading a photo for a listing, and serving it to those who may see
it. The listings service decodes the upload and keeps only a re-encoded copy, every metadata
block (EXIF, GPS, XMP) dropped; what is served is that copy.

Photos may be 10 MiB, twice any other upload (docs/decisions/0017-photo-uploads.md).
"""

from __future__ import annotations

import base64

from contracts.listings import refusals
from contracts.listings.photos import MAX_UPLOAD_BYTES
from services.gateway.api.listings import schemas as ls
from services.gateway.api.listings.calls import API, reading
from services.gateway.http.routing import Call, Door, Reply

# What is served may be kept by the browser only, for as long as a session may see it.
PRIVATE = "private, max-age=3600"


@API.route(
    "POST",
    "/photos",
    "Upload a photo",
    201,
    ls.PhotoUploaded,
    upload="file",
    largest=MAX_UPLOAD_BYTES,
    limit="posting",
    description=(
        "multipart/form-data, file field `file`: JPEG, PNG, WebP or HEIC, at most 10 MiB. "
        "Re-encoded with its orientation applied, every metadata block dropped; attach its "
        "photo_id to a listing."
    ),
    refusals=(refusals.INVALID_PHOTO, refusals.PHOTO_TOO_LARGE),
)
def upload(door: Door, call: Call) -> Reply:
    """Send a photo."""
    assert call.upload is not None
    done = API.command(
        door.remote,
        call,
        "upload_photo",
        uploader_id=call.resident_id,
        content_b64=base64.b64encode(call.upload).decode("ascii"),
    )
    return Reply(201, {"photo_id": done["photo_id"], "position": done["position"]})


@API.route(
    "GET",
    "/photos/<uuid:photo_id>",
    "A photo",
    200,
    None,
    query=ls.PhotoQuery,
    description=(
        "The image itself (image/webp or image/jpeg): to its uploader, and to members of a "
        "neighbourhood where a listing holding it is shown. ?size=thumb (400 px) or full "
        "(1600 px)."
    ),
    refusals=(refusals.UNKNOWN_PHOTO,),
)
def photo(door: Door, call: Call) -> Reply:
    """A photo I may see."""
    found = API.ask(
        door.remote,
        "photo",
        photo_id=str(call.path["photo_id"]),
        viewer_id=call.resident_id,
        size=call.query["size"],
        **reading(call),
    )
    headers = {
        "Content-Type": found["content_type"],
        "Cache-Control": PRIVATE,
        "X-Content-Type-Options": "nosniff",
    }
    return Reply(200, base64.b64decode(found["content_b64"]), headers)
