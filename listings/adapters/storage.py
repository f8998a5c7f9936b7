"""The photo storage port: the files of each photo, outside the event log.

The file adapter keeps `<data dir>/photos/<photo_id>/<size>.webp`, each written whole or not at
all (services/runtime/files.py). The log records each photo's content hashes, so an audit can
tell the files are the ones recorded:

    storage = FilePhotoStorage.in_data_dir(settings.data_dir)
    storage.put(photo_id, "full", processed.full)
    storage.get(photo_id, "thumbnail")   # bytes, or None
    storage.delete(photo_id)             # both sizes; idempotent

MemoryPhotoStorage is the fake for tests; both pass tests/contract/listings/test_photo_storage.py.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from contracts.listings.photos import SIZES
from services.runtime.files import write_atomically


class PhotoStorageUnavailable(Exception):
    """The photos folder cannot be used (permissions, full disk, not a folder)."""


def _checked(photo_id: uuid.UUID, size: str) -> tuple[str, str]:
    if size not in SIZES:
        raise ValueError(f"a photo size is one of {', '.join(SIZES)}")
    # Through UUID, so that no other text (a path, "..") can name a file.
    return str(uuid.UUID(str(photo_id))), size


class FilePhotoStorage:
    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    @classmethod
    def in_data_dir(cls, data_dir: str | Path) -> FilePhotoStorage:
        return cls(Path(data_dir) / "photos")

    def path_of(self, photo_id: uuid.UUID, size: str) -> Path:
        name, size = _checked(photo_id, size)
        return self.folder / name / f"{size}.webp"

    def put(self, photo_id: uuid.UUID, size: str, content: bytes) -> None:
        path = self.path_of(photo_id, size)
        with self._io():
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, bytes(content))

    def get(self, photo_id: uuid.UUID, size: str) -> bytes | None:
        path = self.path_of(photo_id, size)
        with self._io():
            try:
                return path.read_bytes()
            except FileNotFoundError:
                return None

    def delete(self, photo_id: uuid.UUID) -> None:
        paths = [self.path_of(photo_id, size) for size in SIZES]
        with self._io():
            for path in paths:
                path.unlink(missing_ok=True)
            with suppress(FileNotFoundError):
                paths[0].parent.rmdir()

    @contextmanager
    def _io(self) -> Iterator[None]:
        try:
            yield
        except OSError as exc:
            raise PhotoStorageUnavailable(
                f"cannot use the photos folder {self.folder} ({exc.strerror or type(exc).__name__})"
            ) from None


class MemoryPhotoStorage:
    """Photos in a dict, for tests."""

    def __init__(self) -> None:
        self._files: dict[tuple[str, str], bytes] = {}
        self._lock = threading.Lock()

    def put(self, photo_id: uuid.UUID, size: str, content: bytes) -> None:
        key = _checked(photo_id, size)
        with self._lock:
            self._files[key] = bytes(content)

    def get(self, photo_id: uuid.UUID, size: str) -> bytes | None:
        key = _checked(photo_id, size)
        with self._lock:
            return self._files.get(key)

    def delete(self, photo_id: uuid.UUID) -> None:
        keys = [_checked(photo_id, size) for size in SIZES]
        with self._lock:
            for key in keys:
                self._files.pop(key, None)
