"""Contracts of the identity context: residents, their credentials, home addresses and how those
addresses were verified.

Streams: `identity.resident-<resident_id>` holds every event below except EmailClaimed and
EmailReleased, which live on `identity.email-<uuid5(namespace, casefolded e-mail)>` so that an
e-mail address can be claimed once across the platform. Every personal value (name, e-mail,
phone, address, coordinates) and every credential hash is marked PII: sealed with the resident's
key, pseudonymised for analysts, unreadable once the resident is erased.

Sign-ins, failed or not, are not events: throttling them is the sign-in limiter's business
(identity/adapters/ratelimit.py), which counts unknown e-mail addresses like known ones and writes
nothing an attacker could pile into a resident's stream.

The dataclasses and schemas live in identity_accounts and identity_verification; this module
declares them as contracts and is the one to import from.
"""

from __future__ import annotations

from marshmallow import Schema

from ..registry import EventContract, OldVersion, declare
from .accounts import (
    DEFAULT_LANGUAGE,
    DISCLOSURE_LEVELS,
    DISPLAY_NAME,
    EMAIL,
    LANGUAGES,
    ROLES,
    EmailClaimed,
    EmailClaimedSchema,
    EmailReleased,
    EmailReleasedSchema,
    LanguageChanged,
    LanguageChangedSchema,
    PasswordChanged,
    PasswordChangedSchema,
    ProfileChanged,
    ProfileChangedSchema,
    ResidentErased,
    ResidentErasedSchema,
    ResidentRegistered,
    ResidentRegisteredSchema,
    ResidentRegisteredV1Schema,
    ResidentRegisteredV2Schema,
    RoleGranted,
    RoleGrantedSchema,
    RoleRevoked,
    RoleRevokedSchema,
    resident_registered_v1_to_v2,
    resident_registered_v2_to_v3,
)
from .verification import (
    DOCUMENT_TYPES,
    MAX_DOCUMENT_BYTES,
    VERIFICATION_METHODS,
    AddressDeclared,
    AddressDeclaredSchema,
    AddressDeclaredV1Schema,
    AddressVerified,
    AddressVerifiedSchema,
    LetterCodeAttemptFailed,
    LetterCodeAttemptFailedSchema,
    LetterPosted,
    LetterPostedSchema,
    ProofDocumentApproved,
    ProofDocumentApprovedSchema,
    ProofDocumentDeleted,
    ProofDocumentDeletedSchema,
    ProofDocumentRejected,
    ProofDocumentRejectedSchema,
    ProofDocumentSubmitted,
    ProofDocumentSubmittedSchema,
    VouchGiven,
    VouchGivenSchema,
    VouchReceived,
    VouchReceivedSchema,
    address_declared_v1_to_v2,
)

__all__ = [
    "ADDRESS_DECLARED",
    "ADDRESS_VERIFIED",
    "CONTRACTS",
    "DEFAULT_LANGUAGE",
    "DISCLOSURE_LEVELS",
    "DISPLAY_NAME",
    "DOCUMENT_TYPES",
    "EMAIL",
    "EMAIL_CLAIMED",
    "EMAIL_RELEASED",
    "LANGUAGES",
    "LANGUAGE_CHANGED",
    "LETTER_CODE_ATTEMPT_FAILED",
    "LETTER_POSTED",
    "MAX_DOCUMENT_BYTES",
    "PASSWORD_CHANGED",
    "PROFILE_CHANGED",
    "PROOF_DOCUMENT_APPROVED",
    "PROOF_DOCUMENT_DELETED",
    "PROOF_DOCUMENT_REJECTED",
    "PROOF_DOCUMENT_SUBMITTED",
    "RESIDENT_ERASED",
    "RESIDENT_REGISTERED",
    "ROLES",
    "ROLE_GRANTED",
    "ROLE_REVOKED",
    "VERIFICATION_METHODS",
    "VOUCH_GIVEN",
    "VOUCH_RECEIVED",
    "AddressDeclared",
    "AddressDeclaredSchema",
    "AddressDeclaredV1Schema",
    "AddressVerified",
    "AddressVerifiedSchema",
    "EmailClaimEvent",
    "EmailClaimed",
    "EmailClaimedSchema",
    "EmailReleased",
    "EmailReleasedSchema",
    "IdentityEvent",
    "LanguageChanged",
    "LanguageChangedSchema",
    "LetterCodeAttemptFailed",
    "LetterCodeAttemptFailedSchema",
    "LetterPosted",
    "LetterPostedSchema",
    "PasswordChanged",
    "PasswordChangedSchema",
    "ProfileChanged",
    "ProfileChangedSchema",
    "ProofDocumentApproved",
    "ProofDocumentApprovedSchema",
    "ProofDocumentDeleted",
    "ProofDocumentDeletedSchema",
    "ProofDocumentRejected",
    "ProofDocumentRejectedSchema",
    "ProofDocumentSubmitted",
    "ProofDocumentSubmittedSchema",
    "ResidentErased",
    "ResidentErasedSchema",
    "ResidentRegistered",
    "ResidentRegisteredSchema",
    "ResidentRegisteredV1Schema",
    "ResidentRegisteredV2Schema",
    "RoleGranted",
    "RoleGrantedSchema",
    "RoleRevoked",
    "RoleRevokedSchema",
    "VouchGiven",
    "VouchGivenSchema",
    "VouchReceived",
    "VouchReceivedSchema",
    "address_declared_v1_to_v2",
    "resident_registered_v1_to_v2",
    "resident_registered_v2_to_v3",
]


def _on_resident(name: str, cls: type, schema: type[Schema]) -> EventContract:
    return declare(f"identity.{name}", 1, cls, schema, subject="resident_id")


RESIDENT_REGISTERED = declare(
    "identity.ResidentRegistered",
    3,
    ResidentRegistered,
    ResidentRegisteredSchema,
    subject="resident_id",
    history=[
        OldVersion(1, ResidentRegisteredV1Schema, upcast=resident_registered_v1_to_v2),
        OldVersion(2, ResidentRegisteredV2Schema, upcast=resident_registered_v2_to_v3),
    ],
)
RESIDENT_ERASED = _on_resident("ResidentErased", ResidentErased, ResidentErasedSchema)
EMAIL_CLAIMED = _on_resident("EmailClaimed", EmailClaimed, EmailClaimedSchema)
EMAIL_RELEASED = _on_resident("EmailReleased", EmailReleased, EmailReleasedSchema)
PASSWORD_CHANGED = _on_resident("PasswordChanged", PasswordChanged, PasswordChangedSchema)
PROFILE_CHANGED = _on_resident("ProfileChanged", ProfileChanged, ProfileChangedSchema)
LANGUAGE_CHANGED = _on_resident("LanguageChanged", LanguageChanged, LanguageChangedSchema)
ROLE_GRANTED = _on_resident("RoleGranted", RoleGranted, RoleGrantedSchema)
ROLE_REVOKED = _on_resident("RoleRevoked", RoleRevoked, RoleRevokedSchema)
ADDRESS_DECLARED = declare(
    "identity.AddressDeclared",
    2,
    AddressDeclared,
    AddressDeclaredSchema,
    subject="resident_id",
    history=[OldVersion(1, AddressDeclaredV1Schema, upcast=address_declared_v1_to_v2)],
)
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
    LANGUAGE_CHANGED,
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
    | LanguageChanged
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
