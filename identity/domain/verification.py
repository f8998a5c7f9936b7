"""Decisions about a resident's home address: declaring it, and proving it by letter or by
document (by the vouches of verified neighbours: domain_vouching.py)."""

from __future__ import annotations

import hmac
from datetime import timedelta

from contracts.identity import refusals
from contracts.identity.events import (
    DOCUMENT_TYPES,
    MAX_DOCUMENT_BYTES,
    AddressDeclared,
    AddressVerified,
    IdentityEvent,
    LetterCodeAttemptFailed,
    LetterPosted,
    ProofDocumentApproved,
    ProofDocumentDeleted,
    ProofDocumentRejected,
    ProofDocumentSubmitted,
)
from identity.commands import (
    ApproveProofDocument,
    DeclareAddress,
    DeleteProofDocument,
    EnterLetterCode,
    PostLetter,
    RejectProofDocument,
    Reviewer,
    SubmitProofDocument,
)
from identity.domain.errors import (
    AddressAlreadyVerified,
    AddressIncomplete,
    AddressNotLocated,
    AddressUnknown,
    CannotReviewOwnDocument,
    CodeExpired,
    CodeForAnotherLetter,
    DocumentAlreadyDecided,
    DocumentForAnotherAddress,
    DocumentRetentionNotOver,
    DocumentStillUnderReview,
    DocumentTooLarge,
    NoAddressDeclared,
    NoLetterPosted,
    NotAllowedToReview,
    ReasonRequired,
    ReasonTooLong,
    TooManyAttempts,
    TooManyLetterAddresses,
    TooManyLetters,
    UnknownDocument,
    UnsupportedDocumentType,
    WrongCode,
)
from identity.domain.state import HomeAddress, Resident

LETTER_VALIDITY = timedelta(days=refusals.CODE_EXPIRED.limits["validity_days"])
MAX_CODE_ATTEMPTS = int(refusals.TOO_MANY_ATTEMPTS.limits["max_attempts"])
MAX_LETTERS = int(refusals.TOO_MANY_LETTERS.limits["max_letters"])
LETTER_PERIOD = timedelta(days=refusals.LETTER_PERIOD_DAYS)
# Letters go to households that did not ask for them: a resident has them sent to at most this
# many doors in LETTER_PERIOD (docs/decisions/0012).
MAX_LETTER_ADDRESSES = int(refusals.TOO_MANY_LETTER_ADDRESSES.limits["max_addresses"])
DOCUMENT_RETENTION = timedelta(days=refusals.DOCUMENT_RETENTION_NOT_OVER.limits["retention_days"])
MAX_REASON = int(refusals.REASON_TOO_LONG.limits["max_length"])


def document_type(head: bytes) -> str | None:
    """The kind of file its first bytes show, whatever name or type the upload claimed."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    return None


def reviewer_facts(state: Resident) -> Reviewer:
    """What a document decision needs to know about the reviewer's roles."""
    assert state.resident_id is not None
    live = state.registered and not state.erased
    return Reviewer(
        reviewer_id=state.resident_id,
        is_operator=live and ("operator", None) in state.roles,
        moderates=frozenset(n for role, n in state.roles if live and role == "moderator" and n),
    )


def declare_address(command: DeclareAddress, state: Resident) -> list[IdentityEvent]:
    postal = command.address
    fields = (postal.line, postal.postcode, postal.city, postal.country)
    if not all(part.strip() for part in fields) or len(postal.country.strip()) != 2:
        raise AddressIncomplete(
            "an address needs a line, a postcode, a city and a two-letter country code"
        )
    if state.address is not None and state.address.postal.key == postal.key:
        return []
    if command.location is None and not command.manual_review:
        raise AddressUnknown(
            "this address is not known to the map; check it, or ask for it to be reviewed"
            " by sending a proof of address"
        )
    lat, lon = command.location if command.location is not None else (None, None)
    return [
        AddressDeclared(
            resident_id=command.resident_id,
            address_id=command.address_id,
            line=postal.line.strip(),
            postcode=postal.postcode.strip(),
            city=postal.city.strip(),
            country=postal.country.strip().upper(),
            latitude=lat,
            longitude=lon,
            declared_at=command.at,
            ban_id=command.ban_id if command.location is not None else None,
        )
    ]


def _unverified_address(state: Resident) -> HomeAddress:
    if state.address is None:
        raise NoAddressDeclared("declare a home address first")
    if state.verified:
        raise AddressAlreadyVerified("the current address is already verified")
    return state.address


def post_letter(command: PostLetter, state: Resident) -> list[IdentityEvent]:
    address = _unverified_address(state)
    if address.location is None:
        raise AddressNotLocated(
            "an address awaiting manual review can only be proven by a document"
        )
    since = command.at - LETTER_PERIOD
    recent = [x for x in state.letters if since < x.posted_at <= command.at]
    if sum(1 for x in recent if x.address_key == address.key) >= MAX_LETTERS:
        raise TooManyLetters(
            f"at most {MAX_LETTERS} letters per address in {LETTER_PERIOD.days} days"
        )
    doors = {x.address_key for x in recent} | {address.key}
    if len(doors) > MAX_LETTER_ADDRESSES:
        raise TooManyLetterAddresses(
            f"letters go to at most {MAX_LETTER_ADDRESSES} addresses in {LETTER_PERIOD.days} days"
        )
    return [
        LetterPosted(
            resident_id=command.resident_id,
            letter_id=command.letter_id,
            address_id=address.address_id,
            code_hash=command.code_hash,
            posted_at=command.at,
            expires_at=command.at + LETTER_VALIDITY,
        )
    ]


def enter_letter_code(command: EnterLetterCode, state: Resident) -> list[IdentityEvent]:
    if state.address is None:
        raise NoAddressDeclared("declare a home address first")
    if state.verified:
        return []
    letter = state.letter()
    if letter is None:
        raise NoLetterPosted("no letter was posted to the current address")
    if letter.letter_id != command.letter_id:
        raise CodeForAnotherLetter("the code was checked against a letter that is not the latest")
    if command.at >= letter.expires_at:
        raise CodeExpired("this letter's code has expired: ask for a new letter")
    if letter.failed_attempts >= MAX_CODE_ATTEMPTS:
        raise TooManyAttempts(
            f"{MAX_CODE_ATTEMPTS} wrong codes were entered for this letter: ask for a new letter"
        )
    if not hmac.compare_digest(command.code_hash, letter.code_hash):
        attempt = letter.failed_attempts + 1
        failed = LetterCodeAttemptFailed(command.resident_id, letter.letter_id, attempt, command.at)
        raise WrongCode(MAX_CODE_ATTEMPTS - attempt, [failed])
    return [
        AddressVerified(
            command.resident_id, letter.address_id, "letter", letter.letter_id, command.at
        )
    ]


def submit_proof_document(command: SubmitProofDocument, state: Resident) -> list[IdentityEvent]:
    address = _unverified_address(state)
    if command.content_type not in DOCUMENT_TYPES:
        raise UnsupportedDocumentType("a proof of address must be a PDF, JPEG or PNG file")
    if not 0 < command.size_bytes <= MAX_DOCUMENT_BYTES:
        raise DocumentTooLarge(f"a proof of address must be at most {MAX_DOCUMENT_BYTES} bytes")
    if state.document(command.document_id) is not None:
        return []
    return [
        ProofDocumentSubmitted(
            resident_id=command.resident_id,
            document_id=command.document_id,
            address_id=address.address_id,
            content_type=command.content_type,
            size_bytes=command.size_bytes,
            submitted_at=command.at,
        )
    ]


def _reviewable(
    command: ApproveProofDocument | RejectProofDocument, state: Resident, approving: bool
) -> HomeAddress | None:
    reviewer = command.reviewer
    if reviewer.reviewer_id == command.resident_id:
        raise CannotReviewOwnDocument("no one reviews their own proof of address")
    if not (reviewer.is_operator or reviewer.moderates & command.address_neighbourhoods):
        raise NotAllowedToReview(
            "only an operator, or a moderator of a neighbourhood containing the address,"
            " may review this document"
        )
    document = state.document(command.document_id)
    if document is None:
        raise UnknownDocument(f"no document {command.document_id} was submitted")
    if document.decision is not None:
        raise DocumentAlreadyDecided(
            f"document {command.document_id} was already {document.decision}"
        )
    if approving and (state.address is None or state.address.address_id != document.address_id):
        raise DocumentForAnotherAddress("the resident has moved since sending this document")
    return state.address


def approve_proof_document(command: ApproveProofDocument, state: Resident) -> list[IdentityEvent]:
    address = _reviewable(command, state, approving=True)
    assert address is not None
    reason = command.reason.strip() if command.reason else None
    if reason is not None and len(reason) > MAX_REASON:
        raise ReasonTooLong(f"a reason is at most {MAX_REASON} characters")
    delete_after = command.at + DOCUMENT_RETENTION
    approved = ProofDocumentApproved(
        command.resident_id,
        command.document_id,
        command.reviewer.reviewer_id,
        reason or None,
        command.at,
        delete_after,
    )
    if state.verified:
        return [approved]
    verified = AddressVerified(
        command.resident_id, address.address_id, "document", command.document_id, command.at
    )
    return [approved, verified]


def reject_proof_document(command: RejectProofDocument, state: Resident) -> list[IdentityEvent]:
    reason = command.reason.strip()
    if not reason:
        raise ReasonRequired("say why the document is rejected")
    if len(reason) > MAX_REASON:
        raise ReasonTooLong(f"a reason is at most {MAX_REASON} characters")
    _reviewable(command, state, approving=False)
    return [
        ProofDocumentRejected(
            command.resident_id,
            command.document_id,
            command.reviewer.reviewer_id,
            reason,
            command.at,
            command.at + DOCUMENT_RETENTION,
        )
    ]


def delete_proof_document(command: DeleteProofDocument, state: Resident) -> list[IdentityEvent]:
    document = state.document(command.document_id)
    if document is None:
        raise UnknownDocument(f"no document {command.document_id} was submitted")
    if document.deleted:
        return []
    if document.delete_after is None:
        raise DocumentStillUnderReview("a document is kept until it has been reviewed")
    if command.at < document.delete_after:
        raise DocumentRetentionNotOver(
            f"document {command.document_id} is kept until {document.delete_after.isoformat()}"
        )
    return [ProofDocumentDeleted(command.resident_id, command.document_id, command.at)]
