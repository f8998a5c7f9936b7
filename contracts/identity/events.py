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

The dataclasses and their contracts live in the sibling modules accounts, emails and
verification; this
module gathers them and is the one to import from.
"""

from __future__ import annotations

from ..registry import EventContract
from .accounts import (
    DEFAULT_LANGUAGE,
    DISCLOSURE_LEVELS,
    DISPLAY_NAME,
    EMAIL,
    EMAIL_CLAIMED,
    EMAIL_RELEASED,
    LANGUAGE_CHANGED,
    LANGUAGES,
    PASSWORD_CHANGED,
    PROFILE_CHANGED,
    RESIDENT_ERASED,
    RESIDENT_REGISTERED,
    ROLE_GRANTED,
    ROLE_REVOKED,
    ROLES,
    EmailClaimed,
    EmailReleased,
    LanguageChanged,
    PasswordChanged,
    ProfileChanged,
    ResidentErased,
    ResidentRegistered,
    ResidentRegisteredV1Schema,
    ResidentRegisteredV2Schema,
    RoleGranted,
    RoleRevoked,
    resident_registered_v1_to_v2,
    resident_registered_v2_to_v3,
)
from .emails import (
    EMAIL_CONFIRMATION_REQUESTED,
    EMAIL_CONFIRMED,
    PASSWORD_RESET_COMPLETED,
    PASSWORD_RESET_REQUESTED,
    EmailConfirmationRequested,
    EmailConfirmed,
    PasswordResetCompleted,
    PasswordResetRequested,
    email_key,
)
from .verification import (
    ADDRESS_DECLARED,
    ADDRESS_VERIFIED,
    DOCUMENT_TYPES,
    LETTER_CODE_ATTEMPT_FAILED,
    LETTER_POSTED,
    MAX_DOCUMENT_BYTES,
    PROOF_DOCUMENT_APPROVED,
    PROOF_DOCUMENT_DELETED,
    PROOF_DOCUMENT_REJECTED,
    PROOF_DOCUMENT_SUBMITTED,
    VERIFICATION_METHODS,
    VOUCH_GIVEN,
    VOUCH_RECEIVED,
    AddressDeclared,
    AddressDeclaredV1Schema,
    AddressVerified,
    LetterCodeAttemptFailed,
    LetterPosted,
    ProofDocumentApproved,
    ProofDocumentDeleted,
    ProofDocumentRejected,
    ProofDocumentSubmitted,
    VouchGiven,
    VouchReceived,
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
    "EMAIL_CONFIRMATION_REQUESTED",
    "EMAIL_CONFIRMED",
    "EMAIL_RELEASED",
    "LANGUAGES",
    "LANGUAGE_CHANGED",
    "LETTER_CODE_ATTEMPT_FAILED",
    "LETTER_POSTED",
    "MAX_DOCUMENT_BYTES",
    "NEIGHBOUR_CHANGES",
    "PASSWORD_CHANGED",
    "PASSWORD_RESET_COMPLETED",
    "PASSWORD_RESET_REQUESTED",
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
    "AddressDeclaredV1Schema",
    "AddressVerified",
    "EmailClaimEvent",
    "EmailClaimed",
    "EmailConfirmationRequested",
    "EmailConfirmed",
    "EmailReleased",
    "IdentityEvent",
    "LanguageChanged",
    "LetterCodeAttemptFailed",
    "LetterPosted",
    "PasswordChanged",
    "PasswordResetCompleted",
    "PasswordResetRequested",
    "ProfileChanged",
    "ProofDocumentApproved",
    "ProofDocumentDeleted",
    "ProofDocumentRejected",
    "ProofDocumentSubmitted",
    "ResidentErased",
    "ResidentRegistered",
    "ResidentRegisteredV1Schema",
    "ResidentRegisteredV2Schema",
    "RoleGranted",
    "RoleRevoked",
    "VouchGiven",
    "VouchReceived",
    "address_declared_v1_to_v2",
    "email_key",
    "resident_registered_v1_to_v2",
    "resident_registered_v2_to_v3",
]

# The e-mail claim's stream id is uuid5 of the address: analysts get it pseudonymised (registry).
STREAMS_NAMED_BY_PERSONAL_DATA = ("identity.email",)

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
    EMAIL_CONFIRMATION_REQUESTED,
    EMAIL_CONFIRMED,
    PASSWORD_RESET_REQUESTED,
    PASSWORD_RESET_COMPLETED,
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
    | EmailConfirmationRequested
    | EmailConfirmed
    | PasswordResetRequested
    | PasswordResetCompleted
)
"""Every event of a resident's own stream."""

EmailClaimEvent = EmailClaimed | EmailReleased
"""Every event of an e-mail claim stream."""

NEIGHBOUR_CHANGES: tuple[str, ...] = tuple(
    contract.type
    for contract in (
        RESIDENT_REGISTERED,
        PROFILE_CHANGED,
        ADDRESS_DECLARED,
        ADDRESS_VERIFIED,
        RESIDENT_ERASED,
    )
)
"""Event types that change a resident as their neighbours know them in another context: name and
disclosure, a home declared then verified, erasure (services/subscriptions/residents.py)."""
