"""The photo processor: an upload decoded and re-encoded with Pillow.

The type comes from the content (the decoders' own signature checks), never from a file name or
a declared header. What we keep is new pixels only: turned upright from the EXIF orientation,
copied into a fresh image so that no metadata block (EXIF with GPS, XMP, ICC profile, comments,
text chunks) can follow, then written as WebP at full size and as a thumbnail:

    photo = PillowPhotoProcessor().process(uploaded)   # ProcessedPhoto, or InvalidPhoto /
    storage.put(photo_id, "full", photo.full)          # PhotoTooLarge, never anything else

HEIC (iPhones' default) is read by pillow-heif, a maintained libheif binding whose wheels bundle
the decoder. `InvalidPhoto.reason` is one of REASONS.
"""

from __future__ import annotations

import hashlib
import io

import pillow_heif
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from contracts.listings.photos import FULL_SIZE_PX, MAX_PIXELS, MAX_UPLOAD_BYTES, THUMBNAIL_PX
from listings.domain.errors import InvalidPhoto, PhotoTooLarge
from listings.ports import ProcessedPhoto

UNSUPPORTED_TYPE = "unsupported_type"
TOO_MANY_PIXELS = "too_many_pixels"
UNREADABLE = "unreadable"
REASONS = (UNSUPPORTED_TYPE, TOO_MANY_PIXELS, UNREADABLE)

CONTENT_TYPE = "image/webp"
_FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")
_QUALITY = 82

# Pillow's bomb check runs when a file is opened, from the dimensions it declares, before any
# pixel is decoded: past MAX_PIXELS it warns, past twice that it raises.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
pillow_heif.register_heif_opener()
_SRGB = ImageCms.createProfile("sRGB")


class PillowPhotoProcessor:
    def process(self, raw: bytes, /) -> ProcessedPhoto:
        if len(raw) > MAX_UPLOAD_BYTES:
            raise PhotoTooLarge()
        full = _decoded(raw)
        small = full.copy()
        small.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX), Image.Resampling.LANCZOS)
        full_bytes, small_bytes = _encoded(full), _encoded(small)
        return ProcessedPhoto(
            content_type=CONTENT_TYPE,
            width=full.width,
            height=full.height,
            full=full_bytes,
            thumbnail=small_bytes,
            sha256=hashlib.sha256(full_bytes).hexdigest(),
            thumbnail_sha256=hashlib.sha256(small_bytes).hexdigest(),
        )


def _decoded(raw: bytes) -> Image.Image:
    """The image's pixels, upright, at most FULL_SIZE_PX a side, in a fresh RGB or RGBA image
    that carries no metadata."""
    try:
        with Image.open(io.BytesIO(raw), formats=_FORMATS) as opened:
            if opened.width * opened.height > MAX_PIXELS:  # only warned about by Pillow
                raise InvalidPhoto(TOO_MANY_PIXELS)
            # A JPEG can be decoded at 1/2, 1/4 or 1/8 scale: far less memory and time for
            # a camera's 24 Mpx when we keep 1600 px.
            opened.draft(None, (FULL_SIZE_PX, FULL_SIZE_PX))
            opened.load()
            upright = ImageOps.exif_transpose(opened) or opened
            upright.thumbnail((FULL_SIZE_PX, FULL_SIZE_PX), Image.Resampling.LANCZOS)
            pixels = upright.convert("RGBA" if upright.has_transparency_data else "RGB")
            pixels = _in_srgb(pixels, opened.info.get("icc_profile"))
    except InvalidPhoto:
        raise
    except UnidentifiedImageError:
        raise InvalidPhoto(UNSUPPORTED_TYPE) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InvalidPhoto(TOO_MANY_PIXELS) from None
    except Exception:
        # Decoders of untrusted bytes fail in many ways (OSError for a truncated file,
        # SyntaxError for a broken PNG, ValueError, EOFError, struct.error, libheif's errors):
        # each is the sender's broken file, a refusal, never a server error.
        raise InvalidPhoto(UNREADABLE) from None
    # A new image from the bare pixels: whatever `info` the decoder filled stays behind.
    return Image.frombytes(pixels.mode, pixels.size, pixels.tobytes())


def _in_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """The pixels moved from their embedded colour profile to sRGB, which is what a browser
    assumes once the profile is dropped: a phone's wide-gamut photo keeps its colours."""
    if not icc:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if source.profile.xcolor_space.strip() != "RGB":
            return image  # a CMYK or grey profile does not describe these converted pixels
        moved = ImageCms.profileToProfile(image, source, _SRGB, outputMode=image.mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        # A broken profile costs at most some colour accuracy: the pixels are still a photo.
        return image
    return moved or image


def _encoded(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="WEBP", quality=_QUALITY, method=4, exif=b"", xmp=b"")
    return out.getvalue()
