"""The proof-document port: documents a resident uploads to prove their address.

Documents never enter the event log (events only name them). The file adapter keeps each one
under `<data dir>/uploads/proofs/<resident>/`, encrypted with the resident's own keyring key, so
erasing the resident makes their documents unreadable at once, before any file is removed. A
document is deleted RETENTION after the decision on it:

    store = FileProofStore.in_data_dir(settings.data_dir, keyring)
    info = store.put(resident_id, document_id, uploaded)  # DocumentInfo("application/pdf", n)
    store.mark_decided(resident_id, document_id, decided_at)
    store.delete_due(now)  # from a daily timer
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from contracts.errors import SubjectErased
from contracts.identity.verification import MAX_DOCUMENT_BYTES
from identity.domain.verification import DOCUMENT_RETENTION, document_type
from identity.ports import DocumentInfo
from services.eventstore.keyring import Keyring
from services.runtime.files import write_atomically

MAX_BYTES = MAX_DOCUMENT_BYTES
RETENTION = DOCUMENT_RETENTION
# The store types a document by its content as the domain does.
sniff_content_type = document_type
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,127}")
_FORMAT = b"QPD1"
_NONCE_BYTES = 12


class DocumentError(Exception):
    """Base of the proof store's errors. Messages never quote a document's content."""


class DocumentTooLarge(DocumentError, ValueError):
    def __init__(self) -> None:
        super().__init__(f"a proof document is at most {MAX_BYTES // (1024 * 1024)} MiB")


class UnsupportedDocumentType(DocumentError, ValueError):
    def __init__(self) -> None:
        super().__init__("a proof document must be a PDF, JPEG or PNG file")


class InvalidDocumentId(DocumentError, ValueError):
    pass


class DocumentNotFound(DocumentError, LookupError):
    def __init__(self) -> None:
        super().__init__("no such proof document")


class DocumentErased(DocumentError):
    """The resident was erased: their documents can never be read again."""

    def __init__(self) -> None:
        super().__init__("the resident has been erased: their documents can no longer be read")


class DocumentUnreadable(DocumentError):
    """The stored bytes were altered, or moved from another resident or document."""


class ProofStoreUnavailable(DocumentError):
    pass


def check_document(content: bytes) -> DocumentInfo:
    if len(content) > MAX_BYTES:
        raise DocumentTooLarge()
    kind = sniff_content_type(content)
    if kind is None:
        raise UnsupportedDocumentType()
    return DocumentInfo(kind, len(content))


def check_id(value: str, what: str) -> str:
    if not isinstance(value, str) or not _ID.fullmatch(value):
        raise InvalidDocumentId(f"a {what} is 1 to 128 letters, digits, '_' or '-'")
    return value


def _aad(resident_id: str, document_id: str) -> bytes:
    # Bound to its owner and id: a file copied over another resident's or document's is refused.
    return json.dumps(["quartier.proof/1", resident_id, document_id]).encode()


def _due(decided_at: str | None, now: datetime) -> bool:
    return decided_at is not None and datetime.fromisoformat(decided_at) + RETENTION <= now


class FileProofStore:
    """`<folder>/<resident>/<document>.bin` (nonce + AES-GCM ciphertext) and `.json` beside it
    (content type, size, decision time: nothing personal)."""

    def __init__(self, folder: str | Path, keyring: Keyring) -> None:
        self.folder = Path(folder)
        self._keyring = keyring

    @classmethod
    def in_data_dir(cls, data_dir: str | Path, keyring: Keyring) -> FileProofStore:
        return cls(Path(data_dir) / "uploads" / "proofs", keyring)

    def _paths(self, resident_id: str, document_id: str) -> tuple[Path, Path]:
        base = self.folder / check_id(resident_id, "resident id")
        name = check_id(document_id, "document id")
        return base / f"{name}.bin", base / f"{name}.json"

    def put(self, resident_id: str, document_id: str, content: bytes) -> DocumentInfo:
        blob_path, meta_path = self._paths(resident_id, document_id)
        info = check_document(content)
        try:
            key = self._keyring.key_for(resident_id)
        except SubjectErased:
            raise DocumentErased() from None
        nonce = os.urandom(_NONCE_BYTES)
        sealed = AESGCM(key).encrypt(nonce, content, _aad(resident_id, document_id))
        meta = {"content_type": info.content_type, "size": info.size, "decided_at": None}
        with self._io():
            blob_path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(blob_path, _FORMAT + nonce + sealed)
            write_atomically(meta_path, json.dumps(meta).encode())
        return info

    def get(self, resident_id: str, document_id: str) -> bytes:
        blob_path, _ = self._paths(resident_id, document_id)
        if self._keyring.is_erased(resident_id):
            raise DocumentErased()
        with self._io():
            try:
                blob = blob_path.read_bytes()
            except FileNotFoundError:
                raise DocumentNotFound() from None
        key = self._keyring.get(resident_id)
        if key is None or not blob.startswith(_FORMAT):
            raise DocumentUnreadable("the proof document cannot be decrypted")
        body = blob[len(_FORMAT) :]
        try:
            return AESGCM(key).decrypt(
                body[:_NONCE_BYTES], body[_NONCE_BYTES:], _aad(resident_id, document_id)
            )
        except InvalidTag:
            raise DocumentUnreadable("the proof document was altered or moved") from None

    def delete(self, resident_id: str, document_id: str) -> None:
        with self._io():
            for path in self._paths(resident_id, document_id):
                path.unlink(missing_ok=True)
            with suppress(OSError):  # other documents are still there
                self._paths(resident_id, document_id)[0].parent.rmdir()

    def delete_resident(self, resident_id: str) -> None:
        folder = self.folder / check_id(resident_id, "resident id")
        with self._io():
            for path in sorted(folder.glob("*")):
                path.unlink(missing_ok=True)
            if folder.exists():
                folder.rmdir()

    def mark_decided(self, resident_id: str, document_id: str, decided_at: datetime) -> None:
        _, meta_path = self._paths(resident_id, document_id)
        with self._io():
            try:
                meta = json.loads(meta_path.read_text())
            except FileNotFoundError:
                raise DocumentNotFound() from None
            meta["decided_at"] = decided_at.isoformat()
            write_atomically(meta_path, json.dumps(meta).encode())

    def due(self, now: datetime) -> list[tuple[str, str]]:
        return [(r, d) for r, d, meta in self._all_meta() if _due(meta.get("decided_at"), now)]

    def delete_due(self, now: datetime) -> list[tuple[str, str]]:
        deleted = self.due(now)
        for resident_id, document_id in deleted:
            self.delete(resident_id, document_id)
        return deleted

    def _all_meta(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        with self._io():
            for meta_path in sorted(self.folder.glob("*/*.json")):
                if meta_path.name.startswith("."):
                    continue
                try:
                    meta = json.loads(meta_path.read_text())
                except (FileNotFoundError, ValueError):
                    continue  # deleted meanwhile, or a half-written file from a crash
                yield meta_path.parent.name, meta_path.stem, meta

    def _io(self) -> AbstractContextManager[None]:
        return _translating(self.folder)


@contextmanager
def _translating(folder: Path) -> Iterator[None]:
    """Turns file-system failures (other than a missing document) into ProofStoreUnavailable."""
    try:
        yield
    except OSError as exc:
        if isinstance(exc, FileNotFoundError):
            raise
        raise ProofStoreUnavailable(
            f"cannot use the proof documents folder {folder} ({exc.strerror or type(exc).__name__})"
        ) from None


@dataclass
class _Stored:
    content: bytes
    info: DocumentInfo
    decided_at: datetime | None = None


class MemoryProofStore:
    """Documents in a dict, for tests. Erasure is the keyring's, as with the file store."""

    def __init__(self, keyring: Keyring) -> None:
        self._keyring = keyring
        self._docs: dict[tuple[str, str], _Stored] = {}
        self._lock = threading.Lock()

    def put(self, resident_id: str, document_id: str, content: bytes) -> DocumentInfo:
        key = (check_id(resident_id, "resident id"), check_id(document_id, "document id"))
        info = check_document(content)
        if self._keyring.is_erased(resident_id):
            raise DocumentErased()
        with self._lock:
            self._docs[key] = _Stored(bytes(content), info)
        return info

    def get(self, resident_id: str, document_id: str) -> bytes:
        key = (check_id(resident_id, "resident id"), check_id(document_id, "document id"))
        if self._keyring.is_erased(resident_id):
            raise DocumentErased()
        with self._lock:
            if key not in self._docs:
                raise DocumentNotFound()
            return self._docs[key].content

    def delete(self, resident_id: str, document_id: str) -> None:
        key = (check_id(resident_id, "resident id"), check_id(document_id, "document id"))
        with self._lock:
            self._docs.pop(key, None)

    def delete_resident(self, resident_id: str) -> None:
        check_id(resident_id, "resident id")
        with self._lock:
            for key in [k for k in self._docs if k[0] == resident_id]:
                del self._docs[key]

    def mark_decided(self, resident_id: str, document_id: str, decided_at: datetime) -> None:
        with self._lock:
            if (resident_id, document_id) not in self._docs:
                raise DocumentNotFound()
            self._docs[resident_id, document_id].decided_at = decided_at

    def due(self, now: datetime) -> list[tuple[str, str]]:
        with self._lock:
            return sorted(
                key
                for key, doc in self._docs.items()
                if doc.decided_at is not None and doc.decided_at + RETENTION <= now
            )

    def delete_due(self, now: datetime) -> list[tuple[str, str]]:
        due = self.due(now)
        with self._lock:
            for key in due:
                self._docs.pop(key, None)
        return due
