"""Verification by proof document, reviewed by an operator or a moderator of the neighbourhood."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from contracts.identity.events import (
    AddressDeclared,
    AddressVerified,
    ProofDocumentApproved,
    ProofDocumentDeleted,
    ProofDocumentRejected,
    ProofDocumentSubmitted,
    RoleGranted,
)
from identity.commands import (
    ApproveProofDocument,
    DeclareAddress,
    DeleteProofDocument,
    RejectProofDocument,
    Reviewer,
    SubmitProofDocument,
)
from identity.domain.errors import (
    AddressAlreadyVerified,
    AddressUnknown,
    CannotReviewOwnDocument,
    DocumentAlreadyDecided,
    DocumentForAnotherAddress,
    DocumentRetentionNotOver,
    DocumentStillUnderReview,
    DocumentTooLarge,
    NoAddressDeclared,
    NotAllowedToReview,
    ReasonRequired,
    UnknownDocument,
    UnsupportedDocumentType,
)
from identity.domain.state import PostalAddress, fold
from identity.domain.verification import document_type, reviewer_facts
from tests.unit.identity import T0, days, declared, given, registered

MiB = 1024 * 1024


def operator() -> Reviewer:
    return Reviewer(uuid.uuid4(), True, frozenset())


def sent(rid: uuid.UUID, aid: uuid.UUID, did: uuid.UUID) -> list[Any]:
    return [
        *registered(rid),
        declared(rid, aid),
        ProofDocumentSubmitted(rid, did, aid, "application/pdf", 1000, T0),
    ]


def test_a_pdf_jpeg_or_png_is_accepted_by_what_its_content_says() -> None:
    assert document_type(b"%PDF-1.7\n") == "application/pdf"
    assert document_type(b"\xff\xd8\xff\xe0") == "image/jpeg"
    assert document_type(b"\x89PNG\r\n\x1a\n....") == "image/png"
    assert document_type(b"GIF89a") is None


def test_submitting_a_document_records_its_kind_and_size_but_no_content() -> None:
    rid, aid, did = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    given(*registered(rid), declared(rid, aid)).when(
        SubmitProofDocument(uuid.uuid4(), rid, did, "image/png", 5 * MiB, T0)
    ).then(ProofDocumentSubmitted(rid, did, aid, "image/png", 5 * MiB, T0))


@pytest.mark.parametrize(
    ("kind", "size", "error"),
    [
        (None, 100, UnsupportedDocumentType),
        ("image/gif", 100, UnsupportedDocumentType),
        ("application/pdf", 5 * MiB + 1, DocumentTooLarge),
        ("application/pdf", 0, DocumentTooLarge),
    ],
)
def test_other_kinds_and_documents_over_5_mib_are_refused(
    kind: str | None, size: int, error: type[Exception]
) -> None:
    rid, aid = uuid.uuid4(), uuid.uuid4()
    given(*registered(rid), declared(rid, aid)).when(
        SubmitProofDocument(uuid.uuid4(), rid, uuid.uuid4(), kind, size, T0)
    ).refused(error)  # type: ignore[arg-type]


def test_a_document_needs_an_unverified_address() -> None:
    rid, aid = uuid.uuid4(), uuid.uuid4()
    command = SubmitProofDocument(uuid.uuid4(), rid, uuid.uuid4(), "application/pdf", 10, T0)
    given(*registered(rid)).when(command).refused(NoAddressDeclared)
    given(*registered(rid), declared(rid, aid), AddressVerified(rid, aid, "letter", None, T0)).when(
        command
    ).refused(AddressAlreadyVerified)


def test_an_address_the_map_does_not_know_is_refused_unless_sent_for_manual_review() -> None:
    rid, aid = uuid.uuid4(), uuid.uuid4()
    where = PostalAddress("1 chemin Inconnu", "99999", "Nulle-Part", "fr")
    error = (
        given(*registered(rid))
        .when(DeclareAddress(uuid.uuid4(), rid, aid, where, None, False, T0))
        .refused(AddressUnknown)
    )
    assert "review" in str(error)
    given(*registered(rid)).when(
        DeclareAddress(uuid.uuid4(), rid, aid, where, None, True, T0)
    ).then(
        AddressDeclared(rid, aid, "1 chemin Inconnu", "99999", "Nulle-Part", "FR", None, None, T0)
    )


def test_an_operator_approving_the_document_verifies_the_address() -> None:
    rid, aid, did, reviewer = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), operator()
    at = T0 + days(2)
    given(*sent(rid, aid, did)).when(
        ApproveProofDocument(uuid.uuid4(), rid, did, reviewer, frozenset(), None, at)
    ).then(
        ProofDocumentApproved(rid, did, reviewer.reviewer_id, None, at, at + days(30)),
        AddressVerified(rid, aid, "document", did, at),
    )


def test_a_moderator_of_a_neighbourhood_containing_the_address_may_review() -> None:
    rid, aid, did, hood = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    moderator = Reviewer(uuid.uuid4(), False, frozenset({hood}))
    given(*sent(rid, aid, did)).when(
        RejectProofDocument(uuid.uuid4(), rid, did, moderator, frozenset({hood}), " blurred ", T0)
    ).then(ProofDocumentRejected(rid, did, moderator.reviewer_id, "blurred", T0, T0 + days(30)))


def test_a_moderator_of_another_neighbourhood_or_a_resident_may_not_review() -> None:
    rid, aid, did, hood = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    elsewhere = Reviewer(uuid.uuid4(), False, frozenset({uuid.uuid4()}))
    resident = Reviewer(uuid.uuid4(), False, frozenset())
    for reviewer in (elsewhere, resident):
        given(*sent(rid, aid, did)).when(
            ApproveProofDocument(uuid.uuid4(), rid, did, reviewer, frozenset({hood}), None, T0)
        ).refused(NotAllowedToReview)


def test_no_one_reviews_their_own_document() -> None:
    rid, aid, did = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    own = Reviewer(rid, True, frozenset())
    given(*sent(rid, aid, did)).when(
        ApproveProofDocument(uuid.uuid4(), rid, did, own, frozenset(), None, T0)
    ).refused(CannotReviewOwnDocument)


def test_a_rejection_says_why() -> None:
    rid, aid, did = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    given(*sent(rid, aid, did)).when(
        RejectProofDocument(uuid.uuid4(), rid, did, operator(), frozenset(), "  ", T0)
    ).refused(ReasonRequired)


def test_a_document_is_decided_once() -> None:
    rid, aid, did, reviewer = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), operator()
    rejected = ProofDocumentRejected(rid, did, reviewer.reviewer_id, "no", T0, T0 + days(30))
    given(*sent(rid, aid, did), rejected).when(
        ApproveProofDocument(uuid.uuid4(), rid, did, reviewer, frozenset(), None, T0)
    ).refused(DocumentAlreadyDecided)
    given(*sent(rid, aid, did)).when(
        ApproveProofDocument(uuid.uuid4(), rid, uuid.uuid4(), reviewer, frozenset(), None, T0)
    ).refused(UnknownDocument)


def test_a_document_for_a_previous_address_cannot_be_approved() -> None:
    rid, aid, did, new = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    given(*sent(rid, aid, did), declared(rid, new, line="9 avenue Foch")).when(
        ApproveProofDocument(uuid.uuid4(), rid, did, operator(), frozenset(), None, T0)
    ).refused(DocumentForAnotherAddress)


def test_a_document_is_deleted_30_days_after_the_decision_and_not_before() -> None:
    rid, aid, did, reviewer = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), operator()
    given(*sent(rid, aid, did)).when(
        DeleteProofDocument(uuid.uuid4(), rid, did, T0 + days(99))
    ).refused(DocumentStillUnderReview)
    decided = ProofDocumentRejected(rid, did, reviewer.reviewer_id, "no", T0, T0 + days(30))
    history = given(*sent(rid, aid, did), decided)
    history.when(DeleteProofDocument(uuid.uuid4(), rid, did, T0 + days(29))).refused(
        DocumentRetentionNotOver
    )
    history.when(DeleteProofDocument(uuid.uuid4(), rid, did, T0 + days(30))).then(
        ProofDocumentDeleted(rid, did, T0 + days(30))
    )
    deleted = ProofDocumentDeleted(rid, did, T0 + days(30))
    given(*sent(rid, aid, did), decided, deleted).when(
        DeleteProofDocument(uuid.uuid4(), rid, did, T0 + days(31))
    ).then()


def test_a_reviewer_is_an_operator_or_a_moderator_by_the_roles_in_their_stream() -> None:
    rid, hood = uuid.uuid4(), uuid.uuid4()
    state = fold(
        [
            *registered(rid),
            RoleGranted(rid, "moderator", hood, T0),
            RoleGranted(rid, "operator", None, T0),
        ]
    )
    assert reviewer_facts(state) == Reviewer(rid, True, frozenset({hood}))
