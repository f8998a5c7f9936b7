"""Decisions about a resident's home address: declaring it, and proving it by letter, by document
or by the vouches of verified neighbours."""

from __future__ import annotations

import hmac
from datetime import timedelta

from contracts.identity import (
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
    VouchGiven,
    VouchReceived,
)

from .commands import (
    ApproveProofDocument,
    DeclareAddress,
    DeleteProofDocument,
    EnterLetterCode,
    PostLetter,
    ReceiveVouch,
    RejectProofDocument,
    Reviewer,
    SubmitProofDocument,
    Vouchee,
    VouchForNeighbour,
)
from .domain_errors import (
    AddressAlreadyVerified,
    AddressIncomplete,
    AddressNotLocated,
    AddressUnknown,
    AlreadyVouched,
    CannotReviewOwnDocument,
    CannotVouchForYourself,
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
    UnknownResident,
    UnsupportedDocumentType,
    VoucherNotVerified,
    VoucherTooFar,
    VoucherVerifiedByVouches,
    VouchForAnotherAddress,
    VouchLimitReached,
    WrongCode,
)
from .domain_state import HomeAddress, Resident, distance_m, within

LETTER_VALIDITY = timedelta(days=30)
MAX_CODE_ATTEMPTS = 5
MAX_LETTERS = 3
LETTER_PERIOD = timedelta(days=90)
# Letters go to households that did not ask for them: a resident has them sent to at most this
# many doors in LETTER_PERIOD (docs/decisions/0012).
MAX_LETTER_ADDRESSES = 2
# Only a resident who proved their own address first hand may vouch: vouches never beget vouches.
VOUCHING_METHODS = frozenset({"letter", "document"})
DOCUMENT_RETENTION = timedelta(days=30)
VOUCH_RADIUS_M = 300.0
VOUCHES_NEEDED = 2
MAX_VOUCHES = 5
VOUCH_PERIOD = timedelta(days=30)
MAX_REASON = 500


def document_type(head: bytes) -> str | None:
    """The kind of file its first bytes show, whatever name or type the upload claimed."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    return None


def vouchee_facts(state: Resident) -> Vouchee:
    """What a voucher's decision needs to know about the neighbour they vouch for."""
    assert state.resident_id is not None
    address = state.address
    return Vouchee(
        resident_id=state.resident_id,
        registered=state.registered,
        erased=state.erased,
        address_id=address.address_id if address else None,
        location=address.location if address else None,
        verified=state.verified,
    )


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


def vouch_for_neighbour(command: VouchForNeighbour, state: Resident) -> list[IdentityEvent]:
    """Decided on the voucher's state; the facts about the vouchee come in the command."""
    vouchee = command.vouchee
    if vouchee.resident_id == command.voucher_id:
        raise CannotVouchForYourself("a resident cannot vouch for themselves")
    if not vouchee.registered or vouchee.erased:
        raise UnknownResident(f"resident {vouchee.resident_id} cannot be vouched for")
    if vouchee.address_id is None:
        raise NoAddressDeclared("the neighbour has not declared a home address")
    if vouchee.verified:
        raise AddressAlreadyVerified("the neighbour's address is already verified")
    if vouchee.location is None:
        raise AddressNotLocated("the neighbour's address awaits manual review")
    if state.verification is None or state.address is None:
        raise VoucherNotVerified("only a resident verified at their address may vouch")
    if state.verification.method not in VOUCHING_METHODS:
        raise VoucherVerifiedByVouches(
            "only a resident verified by letter or by document may vouch, not by vouches"
        )
    if state.address.location is None:
        raise VoucherTooFar("the voucher's home has no known position", None)
    distance = distance_m(state.address.location, vouchee.location)
    if distance > VOUCH_RADIUS_M:
        raise VoucherTooFar(
            f"the voucher lives {distance:.0f} m away; at most {VOUCH_RADIUS_M:.0f} m", distance
        )
    if any(
        v.other_id == vouchee.resident_id and v.address_id == vouchee.address_id
        for v in state.vouches_given
    ):
        raise AlreadyVouched("this neighbour was already vouched for at this address")
    given = tuple(v.at for v in state.vouches_given)
    if within(given, command.at, VOUCH_PERIOD) >= MAX_VOUCHES:
        raise VouchLimitReached(
            f"a resident may vouch at most {MAX_VOUCHES} times in {VOUCH_PERIOD.days} days"
        )
    return [VouchGiven(command.voucher_id, vouchee.resident_id, vouchee.address_id, command.at)]


def receive_vouch(command: ReceiveVouch, state: Resident) -> list[IdentityEvent]:
    if state.address is None or state.address.address_id != command.address_id:
        raise VouchForAnotherAddress("the resident has moved since the vouch was given")
    if state.verified:
        return []
    vouchers = {v.other_id for v in state.vouches_received if v.address_id == command.address_id}
    if command.voucher_id in vouchers:
        return []
    received = VouchReceived(command.vouchee_id, command.voucher_id, command.address_id, command.at)
    if len(vouchers) + 1 < VOUCHES_NEEDED:
        return [received]
    verified = AddressVerified(command.vouchee_id, command.address_id, "vouches", None, command.at)
    return [received, verified]
