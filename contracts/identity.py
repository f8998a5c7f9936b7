"""Contracts of the identity context: residents, their credentials, home addresses and how those
addresses were verified.

Streams: `identity.resident-<resident_id>` holds every event below except EmailClaimed and
EmailReleased, which live on `identity.email-<uuid5(namespace, casefolded e-mail)>` so that an
e-mail address can be claimed once across the platform. Every personal value (name, e-mail,
phone, address, coordinates) and every credential hash is marked PII: sealed with the resident's
key, pseudonymised for analysts, unreadable once the resident is erased.

Sign-ins, failed or not, are not events: throttling them is the sign-in limiter's business
(identity/ratelimit.py), which counts unknown e-mail addresses like known ones and writes
nothing an attacker could pile into a resident's stream.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from marshmallow import Schema, fields, validate

from .pii import pii
from .registry import EventContract, OldVersion, declare

DISPLAY_NAME = validate.Length(min=1, max=100)
EMAIL = validate.Length(max=254)
ROLES = ("moderator", "operator")
DISCLOSURE_LEVELS = ("street", "full", "none")
VERIFICATION_METHODS = ("letter", "document", "vouches")
DOCUMENT_TYPES = ("application/pdf", "image/jpeg", "image/png")
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024


# Account -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EmailClaimed:
    """An e-mail address was taken by a resident; no one else may register with it."""

    resident_id: uuid.UUID
    email: str
    claimed_at: datetime


class EmailClaimedSchema(Schema):
    resident_id = fields.UUID(required=True)
    email = pii(fields.Email(required=True, validate=EMAIL))
    claimed_at = fields.AwareDateTime(required=True)


@dataclass(frozen=True)
class EmailReleased:
    """The resident holding the address was erased: the address may be registered again."""

    resident_id: uuid.UUID
    released_at: datetime


class EmailReleasedSchema(Schema):
    resident_id = fields.UUID(required=True)
    released_at = fields.AwareDateTime(required=True)


@dataclass(frozen=True)
class ResidentRegistered:
    """A person signed up. Their address is not verified yet; they belong to no neighbourhood."""

    resident_id: uuid.UUID
    email: str
    display_name: str
    registered_at: datetime


class ResidentRegisteredSchema(Schema):
    resident_id = fields.UUID(required=True)
    email = pii(fields.Email(required=True, validate=EMAIL))
    display_name = pii(fields.String(required=True, validate=DISPLAY_NAME))
    registered_at = fields.AwareDateTime(required=True)


class ResidentRegisteredV1Schema(Schema):
    """Version 1 asked for a full name; version 2 asks for the name neighbours will see."""

    resident_id = fields.UUID(required=True)
    email = pii(fields.Email(required=True, validate=EMAIL))
    name = pii(fields.String(required=True, validate=DISPLAY_NAME))
    registered_at = fields.AwareDateTime(required=True)


def resident_registered_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    # The full name was what neighbours saw until residents could choose a display name.
    data["display_name"] = data.pop("name")
    return data


@dataclass(frozen=True)
class PasswordChanged:
    """The resident's password was set (at registration) or changed. Holds only an argon2 hash,
    marked personal so that it is shredded on erasure and never reaches analysts."""

    resident_id: uuid.UUID
    password_hash: str
    changed_at: datetime


class PasswordChangedSchema(Schema):
    resident_id = fields.UUID(required=True)
    password_hash = pii(fields.String(required=True, validate=validate.Length(min=1, max=512)))
    changed_at = fields.AwareDateTime(required=True)


@dataclass(frozen=True)
class ProfileChanged:
    """The resident changed what neighbours see: display name, phone, how much of the address."""

    resident_id: uuid.UUID
    display_name: str
    phone: str | None
    address_disclosure: str
    changed_at: datetime


class ProfileChangedSchema(Schema):
    resident_id = fields.UUID(required=True)
    display_name = pii(fields.String(required=True, validate=DISPLAY_NAME))
    phone = pii(fields.String(required=True, allow_none=True, validate=validate.Length(max=30)))
    address_disclosure = fields.String(required=True, validate=validate.OneOf(DISCLOSURE_LEVELS))
    changed_at = fields.AwareDateTime(required=True)


@dataclass(frozen=True)
class RoleGranted:
    """A role was granted: moderator of one neighbourhood, or operator of the whole platform."""

    resident_id: uuid.UUID
    role: str
    neighbourhood_id: uuid.UUID | None
    granted_at: datetime


class RoleGrantedSchema(Schema):
    resident_id = fields.UUID(required=True)
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    neighbourhood_id = fields.UUID(required=True, allow_none=True)
    granted_at = fields.AwareDateTime(required=True)


@dataclass(frozen=True)
class RoleRevoked:
    """A role granted earlier was taken back."""

    resident_id: uuid.UUID
    role: str
    neighbourhood_id: uuid.UUID | None
    revoked_at: datetime


class RoleRevokedSchema(Schema):
    resident_id = fields.UUID(required=True)
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    neighbourhood_id = fields.UUID(required=True, allow_none=True)
    revoked_at = fields.AwareDateTime(required=True)


@dataclass(frozen=True)
class ResidentErased:
    """A resident asked to be forgotten: their key is destroyed, their personal data unreadable."""

    resident_id: uuid.UUID
    erased_at: datetime


class ResidentErasedSchema(Schema):
    resident_id = fields.UUID(required=True)
    erased_at = fields.AwareDateTime(required=True)


# Home address and its verification ------------------------------------------------------------


@dataclass(frozen=True)
class AddressDeclared:
    """The resident declared their home address; they are unverified for it until proven.
    Coordinates are None when the geocoder did not know the address and it awaits manual review."""

    resident_id: uuid.UUID
    address_id: uuid.UUID
    line: str
    postcode: str
    city: str
    country: str
    latitude: float | None
    longitude: float | None
    declared_at: datetime


class AddressDeclaredSchema(Schema):
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


class LetterPostedSchema(Schema):
    resident_id = fields.UUID(required=True)
    letter_id = fields.UUID(required=True)
    address_id = fields.UUID(required=True)
    code_hash = pii(fields.String(required=True, validate=validate.Length(min=1, max=512)))
    posted_at = fields.AwareDateTime(required=True)
    expires_at = fields.AwareDateTime(required=True)


@dataclass(frozen=True)
class LetterCodeAttemptFailed:
    """A wrong code was entered for a letter; `attempt` counts the wrong ones so far (1-based)."""

    resident_id: uuid.UUID
    letter_id: uuid.UUID
    attempt: int
    attempted_at: datetime


class LetterCodeAttemptFailedSchema(Schema):
    resident_id = fields.UUID(required=True)
    letter_id = fields.UUID(required=True)
    attempt = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))
    attempted_at = fields.AwareDateTime(required=True)


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


class AddressVerifiedSchema(Schema):
    resident_id = fields.UUID(required=True)
    address_id = fields.UUID(required=True)
    method = fields.String(required=True, validate=validate.OneOf(VERIFICATION_METHODS))
    evidence_id = fields.UUID(required=True, allow_none=True)
    verified_at = fields.AwareDateTime(required=True)


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


class ProofDocumentSubmittedSchema(Schema):
    resident_id = fields.UUID(required=True)
    document_id = fields.UUID(required=True)
    address_id = fields.UUID(required=True)
    content_type = fields.String(required=True, validate=validate.OneOf(DOCUMENT_TYPES))
    size_bytes = fields.Integer(
        required=True, strict=True, validate=validate.Range(1, MAX_DOCUMENT_BYTES)
    )
    submitted_at = fields.AwareDateTime(required=True)


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


class ProofDocumentApprovedSchema(Schema):
    resident_id = fields.UUID(required=True)
    document_id = fields.UUID(required=True)
    reviewer_id = fields.UUID(required=True)
    reason = pii(fields.String(required=True, allow_none=True, validate=validate.Length(max=500)))
    approved_at = fields.AwareDateTime(required=True)
    delete_after = fields.AwareDateTime(required=True)


@dataclass(frozen=True)
class ProofDocumentRejected:
    """A reviewer refused the document, saying why; it is deleted after `delete_after`."""

    resident_id: uuid.UUID
    document_id: uuid.UUID
    reviewer_id: uuid.UUID
    reason: str
    rejected_at: datetime
    delete_after: datetime


class ProofDocumentRejectedSchema(Schema):
    resident_id = fields.UUID(required=True)
    document_id = fields.UUID(required=True)
    reviewer_id = fields.UUID(required=True)
    reason = pii(fields.String(required=True, validate=validate.Length(min=1, max=500)))
    rejected_at = fields.AwareDateTime(required=True)
    delete_after = fields.AwareDateTime(required=True)


@dataclass(frozen=True)
class ProofDocumentDeleted:
    """The document's content was deleted from storage (retention over, or the resident erased)."""

    resident_id: uuid.UUID
    document_id: uuid.UUID
    deleted_at: datetime


class ProofDocumentDeletedSchema(Schema):
    resident_id = fields.UUID(required=True)
    document_id = fields.UUID(required=True)
    deleted_at = fields.AwareDateTime(required=True)


@dataclass(frozen=True)
class VouchGiven:
    """A verified resident vouched that a neighbour lives at their declared address. Recorded in
    the voucher's stream, where their vouches are counted. Ids only: no one's personal data."""

    voucher_id: uuid.UUID
    vouchee_id: uuid.UUID
    address_id: uuid.UUID
    given_at: datetime


class VouchGivenSchema(Schema):
    voucher_id = fields.UUID(required=True)
    vouchee_id = fields.UUID(required=True)
    address_id = fields.UUID(required=True)
    given_at = fields.AwareDateTime(required=True)


@dataclass(frozen=True)
class VouchReceived:
    """A neighbour's vouch counted towards verifying the resident's address (their stream)."""

    vouchee_id: uuid.UUID
    voucher_id: uuid.UUID
    address_id: uuid.UUID
    received_at: datetime


class VouchReceivedSchema(Schema):
    vouchee_id = fields.UUID(required=True)
    voucher_id = fields.UUID(required=True)
    address_id = fields.UUID(required=True)
    received_at = fields.AwareDateTime(required=True)


def _on_resident(name: str, cls: type, schema: type[Schema]) -> EventContract:
    return declare(f"identity.{name}", 1, cls, schema, subject="resident_id")


RESIDENT_REGISTERED = declare(
    "identity.ResidentRegistered",
    2,
    ResidentRegistered,
    ResidentRegisteredSchema,
    subject="resident_id",
    history=[OldVersion(1, ResidentRegisteredV1Schema, upcast=resident_registered_v1_to_v2)],
)
RESIDENT_ERASED = _on_resident("ResidentErased", ResidentErased, ResidentErasedSchema)
EMAIL_CLAIMED = _on_resident("EmailClaimed", EmailClaimed, EmailClaimedSchema)
EMAIL_RELEASED = _on_resident("EmailReleased", EmailReleased, EmailReleasedSchema)
PASSWORD_CHANGED = _on_resident("PasswordChanged", PasswordChanged, PasswordChangedSchema)
PROFILE_CHANGED = _on_resident("ProfileChanged", ProfileChanged, ProfileChangedSchema)
ROLE_GRANTED = _on_resident("RoleGranted", RoleGranted, RoleGrantedSchema)
ROLE_REVOKED = _on_resident("RoleRevoked", RoleRevoked, RoleRevokedSchema)
ADDRESS_DECLARED = _on_resident("AddressDeclared", AddressDeclared, AddressDeclaredSchema)
LETTER_POSTED = _on_resident("LetterPosted", LetterPosted, LetterPostedSchema)
LETTER_CODE_ATTEMPT_FAILED = _on_resident(
    "LetterCodeAttemptFailed", LetterCodeAttemptFailed, LetterCodeAttemptFailedSchema
)
ADDRESS_VERIFIED = _on_resident("AddressVerified", AddressVerified, AddressVerifiedSchema)
PROOF_DOCUMENT_SUBMITTED = _on_resident(
    "ProofDocumentSubmitted", ProofDocumentSubmitted, ProofDocumentSubmittedSchema
)
PROOF_DOCUMENT_APPROVED = _on_resident(
    "ProofDocumentApproved", ProofDocumentApproved, ProofDocumentApprovedSchema
)
PROOF_DOCUMENT_REJECTED = _on_resident(
    "ProofDocumentRejected", ProofDocumentRejected, ProofDocumentRejectedSchema
)
PROOF_DOCUMENT_DELETED = _on_resident(
    "ProofDocumentDeleted", ProofDocumentDeleted, ProofDocumentDeletedSchema
)
VOUCH_GIVEN = declare("identity.VouchGiven", 1, VouchGiven, VouchGivenSchema, subject="voucher_id")
VOUCH_RECEIVED = declare(
    "identity.VouchReceived", 1, VouchReceived, VouchReceivedSchema, subject="vouchee_id"
)

CONTRACTS: tuple[EventContract, ...] = (
    RESIDENT_REGISTERED,
    RESIDENT_ERASED,
    EMAIL_CLAIMED,
    EMAIL_RELEASED,
    PASSWORD_CHANGED,
    PROFILE_CHANGED,
    ROLE_GRANTED,
    ROLE_REVOKED,
    ADDRESS_DECLARED,
    LETTER_POSTED,
    LETTER_CODE_ATTEMPT_FAILED,
    ADDRESS_VERIFIED,
    PROOF_DOCUMENT_SUBMITTED,
    PROOF_DOCUMENT_APPROVED,
    PROOF_DOCUMENT_REJECTED,
    PROOF_DOCUMENT_DELETED,
    VOUCH_GIVEN,
    VOUCH_RECEIVED,
)

IdentityEvent = (
    ResidentRegistered
    | ResidentErased
    | PasswordChanged
    | ProfileChanged
    | RoleGranted
    | RoleRevoked
    | AddressDeclared
    | LetterPosted
    | LetterCodeAttemptFailed
    | AddressVerified
    | ProofDocumentSubmitted
    | ProofDocumentApproved
    | ProofDocumentRejected
    | ProofDocumentDeleted
    | VouchGiven
    | VouchReceived
)
"""Every event of a resident's own stream."""

EmailClaimEvent = EmailClaimed | EmailReleased
"""Every event of an e-mail claim stream."""
