"""The Pillow photo processor: what an upload becomes, and every way a file is refused. Each
fixture is drawn here with Pillow, so no binary file is kept in the repository."""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
from pathlib import Path

import pillow_heif
import pytest
from hypothesis import given as for_all
from hypothesis import settings
from hypothesis import strategies as st
from PIL import ExifTags, Image, ImageCms

from contracts.listings.photos import (
    FULL_SIZE_PX,
    MAX_PIXELS,
    MAX_UPLOAD_BYTES,
    STORED_TYPES,
    THUMBNAIL_PX,
)
from contracts.listings.refusals import INVALID_PHOTO, PHOTO_TOO_LARGE
from listings.adapters.photos import (
    REASONS,
    TOO_MANY_PIXELS,
    UNREADABLE,
    UNSUPPORTED_TYPE,
    PillowPhotoProcessor,
)
from listings.domain.errors import InvalidPhoto, PhotoTooLarge
from listings.ports import ProcessedPhoto

PROCESSOR = PillowPhotoProcessor()
RED, BLUE = (255, 0, 0), (0, 0, 255)
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf'
    b'-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator='
    b'"Camille"/></rdf:RDF></x:xmpmeta>'
)


def encoded(image: Image.Image, format: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, format=format, **options)
    return out.getvalue()


def halves(width: int, height: int) -> Image.Image:
    """Red on the left half, blue on the right: where each lands shows the turn applied."""
    image = Image.new("RGB", (width, height), BLUE)
    image.paste(RED, (0, 0, width // 2, height))
    return image


def camera_jpeg(orientation: int = 1, size: tuple[int, int] = (300, 200)) -> bytes:
    """A JPEG as a phone writes it: EXIF with an orientation and a GPS position, XMP naming
    its author, an ICC profile and a comment."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "PhoneMaker"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (48.0, 51.0, 24.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (2.0, 21.0, 7.0)
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return encoded(halves(*size), "JPEG", exif=exif, xmp=XMP, icc_profile=icc, comment=b"at home")


def opened(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()
    return image


def refusal_of(raw: bytes) -> InvalidPhoto:
    with pytest.raises(InvalidPhoto) as refused:
        PROCESSOR.process(raw)
    assert refused.value.refusal is INVALID_PHOTO
    assert refused.value.reason in REASONS
    return refused.value


def png_declaring(width: int, height: int) -> bytes:
    """A few dozen bytes whose header announces width x height pixels: a decompression bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


# --- what is kept ----------------------------------------------------------------------------


def test_the_fixture_carries_gps_exif_xmp_and_icc() -> None:
    source = opened(camera_jpeg())
    assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert "xmp" in source.info and "icc_profile" in source.info and "comment" in source.info


def test_every_metadata_block_is_dropped() -> None:
    photo = PROCESSOR.process(camera_jpeg())
    for content in (photo.full, photo.thumbnail):
        image = opened(content)
        assert image.format == "WEBP"
        assert not image.getexif()
        assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        for block in ("exif", "xmp", "icc_profile", "comment"):
            assert block not in image.info
        assert b"PhoneMaker" not in content and b"Camille" not in content


def test_the_exif_orientation_is_applied() -> None:
    # 6: the camera was turned a quarter clockwise; shown upright, the left half is on top.
    photo = PROCESSOR.process(camera_jpeg(orientation=6, size=(300, 200)))
    assert (photo.width, photo.height) == (200, 300)
    upright = opened(photo.full).convert("RGB")
    assert upright.size == (200, 300)
    assert _near(upright.getpixel((100, 40)), RED)
    assert _near(upright.getpixel((100, 260)), BLUE)


def test_the_description_matches_the_stored_files() -> None:
    photo = PROCESSOR.process(camera_jpeg())
    assert photo.content_type in STORED_TYPES
    assert photo.content_type == "image/webp"
    assert (photo.width, photo.height) == opened(photo.full).size == (300, 200)
    assert photo.sha256 == hashlib.sha256(photo.full).hexdigest()
    assert photo.thumbnail_sha256 == hashlib.sha256(photo.thumbnail).hexdigest()
    assert PROCESSOR.process(camera_jpeg()) == photo  # the same upload, the same files


@pytest.mark.parametrize(
    ("size", "full", "thumbnail"),
    [
        ((4000, 1000), (FULL_SIZE_PX, 400), (THUMBNAIL_PX, 100)),
        ((1200, 3000), (640, FULL_SIZE_PX), (160, THUMBNAIL_PX)),
        ((120, 80), (120, 80), (120, 80)),
    ],
)
def test_sizes_are_bounded_and_never_enlarged(
    size: tuple[int, int], full: tuple[int, int], thumbnail: tuple[int, int]
) -> None:
    photo = PROCESSOR.process(encoded(halves(*size), "PNG"))
    assert (photo.width, photo.height) == opened(photo.full).size == full
    assert opened(photo.thumbnail).size == thumbnail


@pytest.mark.parametrize("mode", ["RGBA", "P"])
def test_a_png_keeps_its_transparency(mode: str) -> None:
    image = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    image.paste((255, 0, 0, 255), (100, 0, 200, 100))
    if mode == "P":
        image = image.convert("P")
        image.info["transparency"] = image.getpixel((0, 0))
    photo = PROCESSOR.process(encoded(image, "PNG"))
    for content in (photo.full, photo.thumbnail):
        result = opened(content)
        assert result.mode == "RGBA"
        alpha = result.getchannel("A")
        assert alpha.getpixel((0, 0)) == 0
        assert alpha.getpixel((result.width - 1, 0)) == 255


def test_a_broken_colour_profile_still_gives_the_photo() -> None:
    broken = encoded(halves(64, 48), "PNG", icc_profile=b"not a colour profile")
    assert opened(broken).info["icc_profile"] == b"not a colour profile"
    photo = PROCESSOR.process(broken)
    upright = opened(photo.full)
    assert "icc_profile" not in upright.info
    assert _near(upright.convert("RGB").getpixel((5, 5)), RED)


def test_an_srgb_profile_keeps_colours_and_transparency() -> None:
    image = Image.new("RGBA", (64, 48), (0, 0, 255, 0))
    image.paste((255, 0, 0, 255), (0, 0, 32, 48))
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    result = opened(PROCESSOR.process(encoded(image, "PNG", icc_profile=icc)).full)
    assert result.mode == "RGBA" and "icc_profile" not in result.info
    assert _near(result.getpixel((5, 5)), RED) and result.getchannel("A").getpixel((5, 5)) == 255
    assert result.getchannel("A").getpixel((60, 5)) == 0


@pytest.mark.parametrize("format", ["WEBP", "PNG", "JPEG"])
def test_jpeg_png_and_webp_are_read_whatever_their_name(format: str, tmp_path: Path) -> None:
    misnamed = tmp_path / "photo.gif"
    misnamed.write_bytes(encoded(halves(64, 48), format))
    photo = PROCESSOR.process(misnamed.read_bytes())
    assert (photo.width, photo.height) == (64, 48)


def test_heic_is_read() -> None:
    if not pillow_heif.libheif_info()["encoders"]:
        pytest.skip("this libheif build cannot write the HEIC fixture")
    heic = pillow_heif.from_pillow(halves(64, 48))
    out = io.BytesIO()
    heic.save(out, quality=90)
    photo = PROCESSOR.process(out.getvalue())
    assert (photo.width, photo.height) == (64, 48)
    assert opened(photo.full).format == "WEBP"


# --- what is refused ---------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize(
    "declared",
    [(100_000, 100_000), (7_000, 7_000)],
    ids=["past Pillow's error threshold", "past MAX_PIXELS, under Pillow's error threshold"],
)
def test_a_decompression_bomb_is_refused(declared: tuple[int, int]) -> None:
    assert declared[0] * declared[1] > MAX_PIXELS
    bomb = png_declaring(*declared)
    assert len(bomb) < 200
    assert refusal_of(bomb).reason == TOO_MANY_PIXELS


@pytest.mark.parametrize("format", ["JPEG", "PNG", "WEBP"])
def test_a_truncated_file_is_refused(format: str) -> None:
    noise = Image.effect_noise((400, 300), 80).convert("RGB")
    whole = encoded(noise, format)
    assert refusal_of(whole[: len(whole) // 2]).reason == UNREADABLE


def test_a_text_file_named_jpg_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "holiday.jpg"
    fake.write_text("not a photo at all, just words\n")
    refused = refusal_of(fake.read_bytes())
    assert refused.reason == UNSUPPORTED_TYPE
    assert "words" not in str(refused)


def test_an_image_of_another_type_is_refused() -> None:
    assert refusal_of(encoded(halves(20, 20), "GIF")).reason == UNSUPPORTED_TYPE


def test_an_empty_file_is_refused() -> None:
    assert refusal_of(b"").reason == UNSUPPORTED_TYPE


def test_a_file_over_10_mib_is_refused_before_reading_it() -> None:
    with pytest.raises(PhotoTooLarge) as refused:
        PROCESSOR.process(camera_jpeg() + b"\x00" * MAX_UPLOAD_BYTES)
    assert refused.value.refusal is PHOTO_TOO_LARGE
    assert str(MAX_UPLOAD_BYTES) in str(refused.value)


_SEEDS = [encoded(halves(40, 30), f) for f in ("JPEG", "PNG", "WEBP")] + [camera_jpeg()]


@settings(max_examples=80, deadline=None)
@for_all(
    seed=st.sampled_from(_SEEDS),
    cuts=st.lists(st.tuples(st.integers(0, 10_000), st.binary(min_size=1, max_size=8)), max_size=6),
    keep=st.integers(1, 10_000),
)
def test_any_damage_to_a_file_is_a_refusal_or_a_photo(
    seed: bytes, cuts: list[tuple[int, bytes]], keep: int
) -> None:
    damaged = bytearray(seed)
    for at, garbage in cuts:
        at %= len(damaged)
        damaged[at : at + len(garbage)] = garbage
    damaged = damaged[: max(1, keep % (len(damaged) + 1))]
    try:
        photo = PROCESSOR.process(bytes(damaged))
    except InvalidPhoto as refused:
        assert refused.reason in REASONS
    else:
        assert isinstance(photo, ProcessedPhoto)
        assert 1 <= photo.width <= FULL_SIZE_PX and 1 <= photo.height <= FULL_SIZE_PX


def _near(pixel: object, colour: tuple[int, int, int]) -> bool:
    assert isinstance(pixel, tuple)
    return all(abs(a - b) < 40 for a, b in zip(pixel, colour, strict=False))
