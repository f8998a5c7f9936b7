"""The photo storage contract, run on the memory fake and on the files under the data dir."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from contracts.listings.photos import SIZES
from listings.adapters.storage import FilePhotoStorage, MemoryPhotoStorage, PhotoStorageUnavailable
from listings.ports import PhotoStorage

FULL, THUMBNAIL = SIZES


@pytest.fixture(params=["memory", "files"])
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> PhotoStorage:
    if request.param == "memory":
        return MemoryPhotoStorage()
    return FilePhotoStorage.in_data_dir(tmp_path / "var")


def test_each_size_reads_back_as_it_was_put(storage: PhotoStorage) -> None:
    photo_id = uuid.uuid4()
    storage.put(photo_id, FULL, b"full bytes")
    storage.put(photo_id, THUMBNAIL, b"small")
    assert storage.get(photo_id, FULL) == b"full bytes"
    assert storage.get(photo_id, THUMBNAIL) == b"small"


def test_an_unknown_photo_or_size_not_yet_put_reads_as_none(storage: PhotoStorage) -> None:
    photo_id = uuid.uuid4()
    storage.put(photo_id, FULL, b"full bytes")
    assert storage.get(photo_id, THUMBNAIL) is None
    assert storage.get(uuid.uuid4(), FULL) is None


def test_putting_again_replaces_the_file(storage: PhotoStorage) -> None:
    photo_id = uuid.uuid4()
    storage.put(photo_id, FULL, b"first")
    storage.put(photo_id, FULL, b"second")
    assert storage.get(photo_id, FULL) == b"second"


def test_delete_removes_both_sizes_and_leaves_other_photos(storage: PhotoStorage) -> None:
    gone, kept = uuid.uuid4(), uuid.uuid4()
    for photo_id in (gone, kept):
        storage.put(photo_id, FULL, b"full")
        storage.put(photo_id, THUMBNAIL, b"small")
    storage.delete(gone)
    assert storage.get(gone, FULL) is None and storage.get(gone, THUMBNAIL) is None
    assert storage.get(kept, FULL) == b"full" and storage.get(kept, THUMBNAIL) == b"small"


def test_deleting_twice_or_an_unknown_photo_is_no_error(storage: PhotoStorage) -> None:
    photo_id = uuid.uuid4()
    storage.put(photo_id, FULL, b"full")
    storage.delete(photo_id)
    storage.delete(photo_id)
    storage.delete(uuid.uuid4())
    assert storage.get(photo_id, FULL) is None


@pytest.mark.parametrize("size", ["original", "../full", ""])
def test_an_unknown_size_is_refused_and_nothing_is_stored(storage: PhotoStorage, size: str) -> None:
    photo_id = uuid.uuid4()
    with pytest.raises(ValueError, match="full, thumbnail"):
        storage.put(photo_id, size, b"bytes")
    with pytest.raises(ValueError):
        storage.get(photo_id, size)
    assert all(storage.get(photo_id, known) is None for known in SIZES)


def test_a_photo_id_that_is_no_uuid_is_refused(storage: PhotoStorage) -> None:
    with pytest.raises(ValueError):
        storage.put("../../etc", FULL, b"bytes")  # type: ignore[arg-type]


# --- files only -------------------------------------------------------------------------------


def test_files_live_under_the_data_dir_and_no_temporary_file_is_left(tmp_path: Path) -> None:
    storage = FilePhotoStorage.in_data_dir(tmp_path / "var")
    photo_id = uuid.uuid4()
    storage.put(photo_id, FULL, b"full")
    storage.put(photo_id, FULL, b"full again")
    storage.put(photo_id, THUMBNAIL, b"small")
    folder = tmp_path / "var" / "photos" / str(photo_id)
    assert sorted(os.listdir(folder)) == ["full.webp", "thumbnail.webp"]


def test_delete_removes_the_photo_folder(tmp_path: Path) -> None:
    storage = FilePhotoStorage.in_data_dir(tmp_path / "var")
    photo_id = uuid.uuid4()
    storage.put(photo_id, FULL, b"full")
    storage.put(photo_id, THUMBNAIL, b"small")
    storage.delete(photo_id)
    assert os.listdir(tmp_path / "var" / "photos") == []


def test_a_folder_that_cannot_be_used_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "photos").write_text("a file where the folder should be")
    storage = FilePhotoStorage.in_data_dir(tmp_path / "var")
    with pytest.raises(PhotoStorageUnavailable, match="photos folder"):
        storage.put(uuid.uuid4(), FULL, b"full")
    with pytest.raises(PhotoStorageUnavailable):
        storage.get(uuid.uuid4(), FULL)
