"""Identity contracts of a resident's home address and how it was verified: by a letter's code,
by a reviewed document or by neighbours' vouches. Declared in contracts.identity.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from marshmallow import Schema, fields, validate

from ..fields import contract_of, count, one_of, text
from ..pii import pii
from ..registry import OldVersion, declare
from .accounts import HASH

VERIFICATION_METHODS = ("letter", "document", "vouches")
DOCUMENT_TYPES = ("application/pdf", "image/jpeg", "image/png")
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
MAX_REASON = 500
"""The longest reason a reviewer may give for their decision on a document."""


@dataclass(frozen=True)
class AddressDeclared:
    """The resident declared their home address; they are unverified for it until proven.
    Coordinates are None when the geocoder did not know the address and it awaits manual review.
    `ban_id` names the door the geocoder resolved the address to (its id in the national address
    base), however the resident spelled it: letters are counted per door. None when the address
    awaits manual review, and in events recorded before version 2."""

    resident_id: uuid.UUID
    address_id: uuid.UUID
    line: str
    postcode: str
    city: str
    country: str
    latitude: float | None
    longitude: float | None
    declared_at: datetime
    ban_id: str | None = None


class AddressDeclaredV1Schema(Schema):
    """Version 1 did not say which door of the address base the address was resolved to."""

    resident_id = fields.UUID(required=True)
    address_id = fields.UUID(required=True)
    line = pii(fields.String(required=True, validate=validate.Length(min=1, max=200)))
    postcode = pii(fields.String(required=True, validate=validate.Length(min=1, max=20)))
    city = pii(fields.String(required=True, validate=validate.Length(min=1, max=100)))
    country = pii(fields.String(required=True, validate=validate.Regexp(r"^[A-Z]{2}$")))
    latitude = pii(fields.Float(required=True, allow_none=True, validate=validate.Range(-90, 90)))
    longitude = pii(
        fields.Float(required=True, allow_none=True, validate=validate.Range(-180, 180))
    )
    declared_at = fields.AwareDateTime(required=True)


class AddressDeclaredSchema(AddressDeclaredV1Schema):
    # Names one home as precisely as the street address does: personal data.
    ban_id = pii(fields.String(required=True, allow_none=True, validate=validate.Length(1, 100)))


def address_declared_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    # An upcaster reads one event alone and cannot ask the geocoder: the door stays unknown, and
    # the fold counts such an address's letters by its normalised text
    # (identity.domain.state.HomeAddress).
    data["ban_id"] = None
    return data


@dataclass(frozen=True)
class LetterPosted:
    """A letter with a verification code was sent to the address. Only the code's salted hash is
    kept; the code itself exists on paper only."""

    resident_id: uuid.UUID
    letter_id: uuid.UUID
    address_id: uuid.UUID
    code_hash: str
    posted_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class LetterCodeAttemptFailed:
    """A wrong code was entered for a letter; `attempt` counts the wrong ones so far (1-based)."""

    resident_id: uuid.UUID
    letter_id: uuid.UUID
    attempt: int
    attempted_at: datetime


@dataclass(frozen=True)
class AddressVerified:
    """The resident proved they live at the address: by a letter's code, by a document an
    operator or moderator approved, or by the vouches of verified neighbours. `evidence_id`
    names the letter or the document (None for vouches: see VouchReceived)."""

    resident_id: uuid.UUID
    address_id: uuid.UUID
    method: str
    evidence_id: uuid.UUID | None
    verified_at: datetime


@dataclass(frozen=True)
class ProofDocumentSubmitted:
    """The resident uploaded a proof of address. The content is kept outside the log,
    encrypted; the event says only what kind of file it is and how big."""

    resident_id: uuid.UUID
    document_id: uuid.UUID
    address_id: uuid.UUID
    content_type: str
    size_bytes: int
    submitted_at: datetime


@dataclass(frozen=True)
class ProofDocumentApproved:
    """A reviewer accepted the document as proof; it is deleted after `delete_after`.
    The reviewer's note is about the resident, so it is sealed with the resident's key."""

    resident_id: uuid.UUID
    document_id: uuid.UUID
    reviewer_id: uuid.UUID
    reason: str | None
    approved_at: datetime
    delete_after: datetime


@dataclass(frozen=True)
class ProofDocumentRejected:
    """A reviewer refused the document, saying why; it is deleted after `delete_after`."""

    resident_id: uuid.UUID
    document_id: uuid.UUID
    reviewer_id: uuid.UUID
    reason: str
    rejected_at: datetime
    delete_after: datetime


@dataclass(frozen=True)
class ProofDocumentDeleted:
    """The document's content was deleted from storage (retention over, or the resident erased)."""

    resident_id: uuid.UUID
    document_id: uuid.UUID
    deleted_at: datetime


@dataclass(frozen=True)
class VouchGiven:
    """A verified resident vouched that a neighbour lives at their declared address. Recorded in
    the voucher's stream, where their vouches are counted. Ids only: no one's personal data."""

    voucher_id: uuid.UUID
    vouchee_id: uuid.UUID
    address_id: uuid.UUID
    given_at: datetime


@dataclass(frozen=True)
class VouchReceived:
    """A neighbour's vouch counted towards verifying the resident's address (their stream)."""

    vouchee_id: uuid.UUID
    voucher_id: uuid.UUID
    address_id: uuid.UUID
    received_at: datetime


ADDRESS_DECLARED = declare(
    "identity.AddressDeclared",
    2,
    AddressDeclared,
    AddressDeclaredSchema,
    subject="resident_id",
    history=[OldVersion(1, AddressDeclaredV1Schema, upcast=address_declared_v1_to_v2)],
)
LETTER_POSTED = contract_of(
    "identity",
    LetterPosted,
    "resident_id",
    code_hash=pii(text(HASH)),
)
LETTER_CODE_ATTEMPT_FAILED = contract_of(
    "identity", LetterCodeAttemptFailed, "resident_id", attempt=count(validate.Range(min=1))
)
ADDRESS_VERIFIED = contract_of(
    "identity", AddressVerified, "resident_id", method=one_of(VERIFICATION_METHODS)
)
PROOF_DOCUMENT_SUBMITTED = contract_of(
    "identity",
    ProofDocumentSubmitted,
    "resident_id",
    content_type=one_of(DOCUMENT_TYPES),
    size_bytes=count(validate.Range(1, MAX_DOCUMENT_BYTES)),
)
PROOF_DOCUMENT_APPROVED = contract_of(
    "identity",
    ProofDocumentApproved,
    "resident_id",
    reason=pii(text(validate.Length(max=MAX_REASON), nullable=True)),
)
PROOF_DOCUMENT_REJECTED = contract_of(
    "identity",
    ProofDocumentRejected,
    "resident_id",
    reason=pii(text(validate.Length(min=1, max=MAX_REASON))),
)
PROOF_DOCUMENT_DELETED = contract_of("identity", ProofDocumentDeleted, "resident_id")
VOUCH_GIVEN = contract_of("identity", VouchGiven, "voucher_id")
VOUCH_RECEIVED = contract_of("identity", VouchReceived, "vouchee_id")
