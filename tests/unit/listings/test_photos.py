"""A photo's stream: its upload (what the processor stored) and its deletion."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest

from contracts.listings.events import PhotoDeleted, PhotoUploaded
from listings.commands import DeletePhoto, UploadPhoto
from listings.domain.errors import InvalidPhoto, UnknownPhoto
from listings.domain.photo import NO_PHOTO, decide_photo, fold_photo
from tests.unit.listings import SHA, T0

UPLOAD = UploadPhoto(uuid.uuid4(), uuid.uuid4(), "image/webp", 1600, 1200, SHA, "b" * 64, T0)


def test_an_upload_records_the_stored_files_and_their_hashes() -> None:
    [event] = decide_photo(UPLOAD, NO_PHOTO)
    assert event == PhotoUploaded(
        UPLOAD.photo_id, UPLOAD.uploader_id, "image/webp", 1600, 1200, SHA, "b" * 64, T0
    )
    state = fold_photo([event])
    assert (state.uploader_id, state.sha256, state.deleted) == (UPLOAD.uploader_id, SHA, False)
    assert decide_photo(UPLOAD, state) == []


@pytest.mark.parametrize(
    "changes",
    [
        {"content_type": "image/png"},
        {"width": 1601},
        {"height": 0},
        {"sha256": "A" * 64},
        {"thumbnail_sha256": "b" * 63},
    ],
)
def test_an_upload_not_as_the_processor_stores_it_is_refused(changes: dict[str, object]) -> None:
    with pytest.raises(InvalidPhoto) as refused:
        decide_photo(replace(UPLOAD, **changes), NO_PHOTO)  # type: ignore[arg-type]
    assert refused.value.reason


def test_a_photo_is_deleted_once() -> None:
    uploaded = decide_photo(UPLOAD, NO_PHOTO)
    delete = DeletePhoto(uuid.uuid4(), UPLOAD.photo_id, "erased", T0)
    deleted = PhotoDeleted(UPLOAD.photo_id, "erased", T0)
    assert decide_photo(delete, fold_photo(uploaded)) == [deleted]
    assert decide_photo(delete, fold_photo([*uploaded, deleted])) == []
    with pytest.raises(UnknownPhoto):
        decide_photo(delete, NO_PHOTO)
    with pytest.raises(ValueError):
        decide_photo(replace(delete, cause="bored"), fold_photo(uploaded))
