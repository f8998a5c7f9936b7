"""The letter box contract (memory, files) and the proof store contract (memory, files with an
SQLite keyring)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from identity.adapters.documents import (
    MAX_BYTES,
    RETENTION,
    DocumentErased,
    DocumentInfo,
    DocumentNotFound,
    DocumentTooLarge,
    DocumentUnreadable,
    FileProofStore,
    MemoryProofStore,
    ProofStoreUnavailable,
    UnsupportedDocumentType,
)
from identity.adapters.letters import (
    FileLetterBox,
    LetterBoxUnavailable,
    MemoryLetterBox,
    Recipient,
)
from identity.ports import ProofStore
from services.eventstore.keyring import Keyring, connect_keyring

# --- letter box ------------------------------------------------------------------------------

HOME = Recipient("12 rue de la Paix", "71999", "Bourg-Démo", "FR")


@pytest.fixture(params=["memory", "files"])
def letters(request: pytest.FixtureRequest, tmp_path: Path) -> FileLetterBox | MemoryLetterBox:
    if request.param == "memory":
        return MemoryLetterBox()
    return FileLetterBox.in_data_dir(tmp_path / "var")


def test_a_letter_carries_its_code_on_a_line(letters: FileLetterBox | MemoryLetterBox) -> None:
    letter_id = str(uuid.uuid4())
    letters.post(letter_id, str(uuid.uuid4()), HOME, "K7PQ2MXR9A")
    assert letters.posted_ids() == [letter_id]
    text = letters.text_of(letter_id)
    assert "\nCode: K7PQ2MXR9A\n" in text
    assert "12 rue de la Paix" in text and "71999 Bourg-Démo" in text


def test_posting_the_same_letter_twice_posts_it_once(
    letters: FileLetterBox | MemoryLetterBox,
) -> None:
    letter_id, resident_id = str(uuid.uuid4()), str(uuid.uuid4())
    letters.post(letter_id, resident_id, HOME, "K7PQ2MXR9A")
    letters.post(letter_id, resident_id, HOME, "K7PQ2MXR9A")
    letters.post(str(uuid.uuid4()), resident_id, HOME, "ZZZZ2222ZZ")
    assert len(letters.posted_ids()) == 2
    assert "Code: K7PQ2MXR9A" in letters.text_of(letter_id)


def test_a_discarded_letter_is_gone_and_discarding_again_is_no_error(
    letters: FileLetterBox | MemoryLetterBox,
) -> None:
    kept, spent = str(uuid.uuid4()), str(uuid.uuid4())
    letters.post(kept, "resident-1", HOME, "K7PQ2MXR9A")
    letters.post(spent, "resident-1", HOME, "ZZZZ2222ZZ")
    letters.discard(spent)
    letters.discard(spent)
    letters.discard(str(uuid.uuid4()))
    assert letters.posted_ids() == [kept]
    later = datetime.now(UTC) + timedelta(seconds=1)
    assert letters.posted_before(later) == [kept]
    assert letters.posted_before(later - timedelta(hours=1)) == []


def test_a_discarded_letter_file_leaves_no_address_in_the_folder(tmp_path: Path) -> None:
    box = FileLetterBox.in_data_dir(tmp_path)
    box.post("letter-1", "resident-1", HOME, "K7PQ2MXR9A")
    box.discard("letter-1")
    folder = tmp_path / "outbox" / "letters"
    assert list(folder.iterdir()) == []


def test_letters_posted_before_a_moment_are_told_by_their_file_time(tmp_path: Path) -> None:
    box = FileLetterBox.in_data_dir(tmp_path)
    box.post("old", "resident-1", HOME, "K7PQ2MXR9A")
    box.post("new", "resident-1", HOME, "ZZZZ2222ZZ")
    two_hours_ago = (datetime.now(UTC) - timedelta(hours=2)).timestamp()
    os.utime(box.path_of("old"), (two_hours_ago, two_hours_ago))
    assert box.posted_before(datetime.now(UTC) - timedelta(hours=1)) == ["old"]


def test_letter_files_live_in_the_data_dir_outbox_with_no_leftovers(tmp_path: Path) -> None:
    box = FileLetterBox.in_data_dir(tmp_path)
    box.post("letter-1", "resident-1", HOME, "K7PQ2MXR9A")
    box.post("letter-1", "resident-1", HOME, "K7PQ2MXR9A")
    folder = tmp_path / "outbox" / "letters"
    assert sorted(p.name for p in folder.iterdir()) == ["letter-1.txt"]
    assert "Code: K7PQ2MXR9A" in (folder / "letter-1.txt").read_text(encoding="utf-8")


# --- proof store -----------------------------------------------------------------------------

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\nBail de location, 12 rue de la Paix\n%%EOF"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"facture EDF, 12 rue de la Paix" * 10
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
T0 = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def keyring(tmp_path: Path) -> Iterator[Keyring]:
    ring = connect_keyring(f"sqlite:///{tmp_path}/keyring.db")
    yield ring
    ring.close()


@pytest.fixture(params=["memory", "files"])
def proofs(request: pytest.FixtureRequest, tmp_path: Path, keyring: Keyring) -> ProofStore:
    if request.param == "memory":
        return MemoryProofStore(keyring)
    return FileProofStore.in_data_dir(tmp_path / "var", keyring)


def ids() -> tuple[str, str]:
    return str(uuid.uuid4()), str(uuid.uuid4())


def test_a_document_reads_back_as_it_was_uploaded(proofs: ProofStore) -> None:
    resident, document = ids()
    assert proofs.put(resident, document, PDF) == DocumentInfo("application/pdf", len(PDF))
    assert proofs.get(resident, document) == PDF


def test_a_document_is_typed_by_its_content_not_its_name(proofs: ProofStore) -> None:
    # Uploaded as "facture.pdf", but its bytes are a JPEG's.
    resident, document = ids()
    assert proofs.put(resident, document, JPEG).content_type == "image/jpeg"
    assert proofs.put(resident, str(uuid.uuid4()), PNG).content_type == "image/png"


def test_five_mib_and_one_byte_is_refused(proofs: ProofStore) -> None:
    resident, document = ids()
    with pytest.raises(DocumentTooLarge):
        proofs.put(resident, document, PDF.ljust(MAX_BYTES + 1, b" "))
    assert proofs.put(resident, document, PDF.ljust(MAX_BYTES, b" ")).size == MAX_BYTES


def test_other_kinds_of_file_are_refused(proofs: ProofStore) -> None:
    resident, document = ids()
    with pytest.raises(UnsupportedDocumentType):
        proofs.put(resident, document, b"GIF89a" + b"\x00" * 20)
    with pytest.raises(DocumentNotFound):
        proofs.get(resident, document)


def test_a_document_of_another_resident_is_not_found(proofs: ProofStore) -> None:
    resident, document = ids()
    proofs.put(resident, document, PDF)
    with pytest.raises(DocumentNotFound):
        proofs.get(str(uuid.uuid4()), document)


def test_deleting_is_idempotent(proofs: ProofStore) -> None:
    resident, document = ids()
    proofs.put(resident, document, PDF)
    proofs.delete(resident, document)
    proofs.delete(resident, document)
    with pytest.raises(DocumentNotFound):
        proofs.get(resident, document)


def test_an_erased_residents_documents_cannot_be_read(proofs: ProofStore, keyring: Keyring) -> None:
    resident, document = ids()
    proofs.put(resident, document, PDF)
    keyring.erase(resident)
    with pytest.raises(DocumentErased, match="erased"):
        proofs.get(resident, document)
    with pytest.raises(DocumentErased):
        proofs.put(resident, str(uuid.uuid4()), PDF)


def test_documents_are_deleted_thirty_days_after_the_decision(proofs: ProofStore) -> None:
    resident, decided, pending = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    proofs.put(resident, decided, PDF)
    proofs.put(resident, pending, PNG)
    proofs.mark_decided(resident, decided, T0)
    assert proofs.delete_due(T0 + RETENTION - timedelta(seconds=1)) == []
    assert proofs.delete_due(T0 + RETENTION) == [(resident, decided)]
    with pytest.raises(DocumentNotFound):
        proofs.get(resident, decided)
    assert proofs.get(resident, pending) == PNG
    assert proofs.delete_due(T0 + 10 * RETENTION) == []


def test_erasing_a_resident_deletes_all_their_documents(proofs: ProofStore) -> None:
    resident, other = str(uuid.uuid4()), str(uuid.uuid4())
    proofs.put(resident, "a", PDF)
    proofs.put(resident, "b", PNG)
    proofs.put(other, "c", PDF)
    proofs.delete_resident(resident)
    proofs.delete_resident(resident)
    for document in ("a", "b"):
        with pytest.raises(DocumentNotFound):
            proofs.get(resident, document)
    assert proofs.get(other, "c") == PDF


def test_marking_an_unknown_document_decided_is_refused(proofs: ProofStore) -> None:
    with pytest.raises(DocumentNotFound):
        proofs.mark_decided(*ids(), T0)


def _all_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_on_disk_a_document_is_ciphertext_under_uploads_proofs(
    tmp_path: Path, keyring: Keyring
) -> None:
    store = FileProofStore.in_data_dir(tmp_path, keyring)
    resident, document = ids()
    store.put(resident, document, PDF)
    stored = _all_bytes(tmp_path / "uploads" / "proofs")
    assert stored and b"rue de la Paix" not in stored and b"%PDF" not in stored
    keyring.erase(resident)
    with pytest.raises(DocumentErased):
        store.get(resident, document)
    assert b"rue de la Paix" not in _all_bytes(tmp_path / "uploads" / "proofs")


def test_a_document_moved_to_another_resident_is_unreadable(
    tmp_path: Path, keyring: Keyring
) -> None:
    store = FileProofStore(tmp_path / "proofs", keyring)
    mallory, victim = str(uuid.uuid4()), str(uuid.uuid4())
    store.put(mallory, "doc", PDF)
    store.put(victim, "doc", PNG)
    own = tmp_path / "proofs" / mallory / "doc.bin"
    (tmp_path / "proofs" / victim / "doc.bin").write_bytes(own.read_bytes())
    with pytest.raises(DocumentUnreadable):
        store.get(victim, "doc")


# --- client errors are translated at each adapter's edge ----------------------------------------


def test_an_unwritable_folder_is_a_clear_error(tmp_path: Path, keyring: Keyring) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    with pytest.raises(LetterBoxUnavailable, match="cannot write letters"):
        FileLetterBox(blocker / "letters").post("letter-1", "resident-1", HOME, "K7PQ2MXR9A")
    with pytest.raises(ProofStoreUnavailable, match="proof documents folder"):
        FileProofStore(blocker / "proofs", keyring).put("resident-1", "doc", PDF)
