"""Proof documents 30 days after the decision, and their content during review: the handlers
over the in-memory event store and the file proof store in a temporary folder, with a clock the
tests move."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from contracts import default_registry
from contracts.identity.events import ProofDocumentDeleted
from identity.adapters.documents import DocumentNotFound, FileProofStore
from identity.domain.errors import DocumentNotUnderReview, NotAllowedToSeeDocument
from identity.domain.state import resident_stream
from identity.handlers import IdentityHandlers, derived_id
from identity.handlers.verification import retention_command_id
from services.eventstore import EventStore, connect
from services.eventstore.codec import Codec
from services.eventstore.keyring import MemoryKeyring
from tests.support import Clock
from tests.unit.identity import T0, days
from tests.unit.identity.test_handlers import (
    LILAS,
    NEXT_DOOR,
    FakeGeocoder,
    FakeLetterBox,
    FakeLimiter,
    FakePasswords,
    fake_hash,
)

PDF = b"%PDF-1.7\n" + b"a scanned electricity bill" * 10


@dataclass
class Desk:
    store: EventStore
    codec: Codec
    proofs: FileProofStore
    clock: Clock
    handlers: IdentityHandlers
    operator: uuid.UUID

    def deleted(self, rid: uuid.UUID) -> list[Any]:
        events = [self.codec.decode(r).event for r in self.store.read_stream(resident_stream(rid))]
        return [e for e in events if isinstance(e, ProofDocumentDeleted)]

    def sent(self, name: str, where: Any = LILAS) -> tuple[uuid.UUID, uuid.UUID]:
        email = f"{name.lower()}-{uuid.uuid4().hex[:8]}@example.org"
        rid = self.handlers.register(uuid.uuid4(), email, "a long passphrase", name).resident_id
        self.handlers.declare_address(uuid.uuid4(), rid, where)
        command_id = uuid.uuid4()
        self.handlers.submit_proof_document(command_id, rid, PDF)
        return rid, derived_id(command_id, "document")

    def approved(self, name: str, where: Any = LILAS) -> tuple[uuid.UUID, uuid.UUID]:
        rid, did = self.sent(name, where)
        self.handlers.approve_proof_document(uuid.uuid4(), rid, did, self.operator)
        return rid, did


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    store, keyring, clock = connect("memory://"), MemoryKeyring(), Clock(T0)
    codec = Codec(default_registry(), keyring, b"p" * 32)
    proofs = FileProofStore(tmp_path / "proofs", keyring)
    handlers = IdentityHandlers(
        store,
        codec,
        keyring,
        clock,
        FakePasswords(),
        FakeLimiter(),
        FakeGeocoder(),
        FakeLetterBox(),
        proofs,
        new_code=lambda: "CODE000001",
        hash_code=fake_hash,
    )
    operator = handlers.register(
        uuid.uuid4(), f"op-{uuid.uuid4().hex[:8]}@example.org", "a long passphrase", "Op"
    ).resident_id
    handlers.grant_role(uuid.uuid4(), operator, "operator", None, "system:ops")
    return Desk(store, codec, proofs, clock, handlers, operator)


def test_a_document_decided_31_days_ago_is_deleted_and_the_deletion_recorded_once(
    desk: Desk,
) -> None:
    rid, did = desk.approved("Ada")
    desk.clock.now = T0 + days(31)

    assert desk.handlers.delete_due_proof_documents() == [did]
    assert desk.handlers.delete_due_proof_documents() == []

    with pytest.raises(DocumentNotFound):
        desk.proofs.get(str(rid), str(did))
    assert not list(desk.proofs.folder.glob(f"{rid}/*"))
    assert desk.deleted(rid) == [ProofDocumentDeleted(rid, did, T0 + days(31))]


def test_a_document_decided_29_days_ago_stays(desk: Desk) -> None:
    desk.clock.now = T0 + days(2)
    rid, did = desk.approved("Grace", NEXT_DOOR)
    desk.clock.now = T0 + days(31)

    assert desk.handlers.delete_due_proof_documents() == []
    assert desk.proofs.get(str(rid), str(did)) == PDF
    assert desk.deleted(rid) == []


def test_replicas_deleting_the_same_document_record_it_once(desk: Desk) -> None:
    rid, did = desk.approved("Ada")
    desk.clock.now = T0 + days(31)
    # Another replica, at the same tick, with the same command id derived from the document.
    desk.handlers.delete_proof_document(retention_command_id(did), rid, did)
    desk.clock.now = T0 + days(31) + days(1 / 24)
    desk.handlers.delete_proof_document(retention_command_id(did), rid, did)

    assert desk.deleted(rid) == [ProofDocumentDeleted(rid, did, T0 + days(31))]


def test_a_file_left_behind_after_its_deletion_was_recorded_goes_at_the_next_run(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    rid, did = desk.approved("Ada")
    desk.clock.now = T0 + days(31)
    with monkeypatch.context() as crash:
        crash.setattr(desk.proofs, "delete", _disk_gone)
        with pytest.raises(OSError):
            desk.handlers.delete_due_proof_documents()
    assert desk.proofs.get(str(rid), str(did)) == PDF

    desk.clock.now = T0 + days(32)
    assert desk.handlers.delete_due_proof_documents() == [did]
    assert not desk.proofs.due(desk.clock.now)
    assert desk.deleted(rid) == [ProofDocumentDeleted(rid, did, T0 + days(31))]


def test_an_operator_sees_a_document_only_while_it_awaits_review(desk: Desk) -> None:
    rid, did = desk.sent("Ada")
    neighbour, _ = desk.sent("Grace", NEXT_DOOR)

    assert desk.handlers.proof_document_for_review(rid, did, desk.operator) == (
        "application/pdf",
        PDF,
    )
    with pytest.raises(NotAllowedToSeeDocument):
        desk.handlers.proof_document_for_review(rid, did, neighbour)
    with pytest.raises(DocumentNotUnderReview):
        desk.handlers.proof_document_for_review(rid, uuid.uuid4(), desk.operator)

    desk.handlers.approve_proof_document(uuid.uuid4(), rid, did, desk.operator)
    with pytest.raises(DocumentNotUnderReview):
        desk.handlers.proof_document_for_review(rid, did, desk.operator)


def _disk_gone(resident_id: str, document_id: str) -> None:
    raise OSError("the disk went away")
