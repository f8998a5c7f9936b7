"""Why the identity context refuses a command: one error per rule. Messages hold ids and counts,
never a personal value, so they are safe to log and to show."""

from __future__ import annotations

from collections.abc import Sequence

from contracts import refusals as common
from contracts.identity import refusals
from contracts.identity.events import IdentityEvent
from contracts.refusals import Refused, retry_later, rule


class IdentityError(Refused):
    """A command refused by a rule of the identity context; `refusal` is its declaration."""


class RefusalWithRecord(IdentityError):
    """A refusal that still leaves a trace in the log (a wrong letter code): the handler appends
    `events`, then raises the refusal."""

    def __init__(self, message: str, events: Sequence[IdentityEvent]) -> None:
        super().__init__(message)
        self.events: tuple[IdentityEvent, ...] = tuple(events)


# Account


NotRegistered = rule(IdentityError, refusals.NOT_REGISTERED)
AccountErased = rule(IdentityError, refusals.ACCOUNT_ERASED)
InvalidEmail = rule(IdentityError, refusals.INVALID_EMAIL)
EmailTaken = rule(IdentityError, refusals.EMAIL_TAKEN)
PasswordTooWeak = rule(IdentityError, refusals.PASSWORD_TOO_WEAK)


class InvalidProfile(IdentityError):
    refusal = refusals.INVALID_PROFILE


# The platform does not speak the language asked for (see contracts LANGUAGES).
UnsupportedLanguage = rule(InvalidProfile, refusals.UNSUPPORTED_LANGUAGE)
# The e-mail or the password is wrong; which one is never said.
InvalidCredentials = rule(IdentityError, refusals.INVALID_CREDENTIALS)
CurrentPasswordWrong = rule(IdentityError, refusals.CURRENT_PASSWORD_WRONG)


# The sign-in limiter refuses: too many failures for this account or from this source.
TooManySignInAttempts = retry_later(
    IdentityError, refusals.TOO_MANY_SIGN_IN_ATTEMPTS, "too many failed sign-ins"
)


# Roles are granted and revoked, and others' accounts erased, by operators only.
NotAnOperator = rule(IdentityError, common.NOT_ALLOWED)
UnknownRole = rule(IdentityError, refusals.UNKNOWN_ROLE)
RoleNeedsNeighbourhood = rule(IdentityError, refusals.ROLE_NEEDS_NEIGHBOURHOOD)
RoleIsPlatformWide = rule(IdentityError, refusals.ROLE_IS_PLATFORM_WIDE)
# Address and verification


AddressIncomplete = rule(IdentityError, refusals.ADDRESS_INCOMPLETE)
AddressUnknown = rule(IdentityError, refusals.ADDRESS_UNKNOWN)
NoAddressDeclared = rule(IdentityError, refusals.NO_ADDRESS_DECLARED)
AddressAlreadyVerified = rule(IdentityError, refusals.ADDRESS_ALREADY_VERIFIED)
AddressNotLocated = rule(IdentityError, refusals.ADDRESS_NOT_LOCATED)
TooManyLetters = rule(IdentityError, refusals.TOO_MANY_LETTERS)
# Letters were already sent to as many different addresses as allowed in the period.
TooManyLetterAddresses = rule(IdentityError, refusals.TOO_MANY_LETTER_ADDRESSES)
NoLetterPosted = rule(IdentityError, refusals.NO_LETTER_POSTED)
CodeForAnotherLetter = rule(IdentityError, refusals.CODE_FOR_ANOTHER_LETTER)
CodeExpired = rule(IdentityError, refusals.CODE_EXPIRED)
TooManyAttempts = rule(IdentityError, refusals.TOO_MANY_ATTEMPTS)


class WrongCode(RefusalWithRecord):
    refusal = refusals.WRONG_CODE

    def __init__(self, attempts_left: int, events: Sequence[IdentityEvent]) -> None:
        super().__init__(f"wrong code: {attempts_left} attempt(s) left for this letter", events)
        self.attempts_left = attempts_left


UnsupportedDocumentType = rule(IdentityError, refusals.UNSUPPORTED_DOCUMENT_TYPE)
DocumentTooLarge = rule(IdentityError, refusals.DOCUMENT_TOO_LARGE)
UnknownDocument = rule(IdentityError, refusals.UNKNOWN_DOCUMENT)
DocumentAlreadyDecided = rule(IdentityError, refusals.DOCUMENT_ALREADY_DECIDED)
DocumentForAnotherAddress = rule(IdentityError, refusals.DOCUMENT_FOR_ANOTHER_ADDRESS)
NotAllowedToReview = rule(IdentityError, refusals.NOT_ALLOWED_TO_REVIEW)
CannotReviewOwnDocument = rule(IdentityError, refusals.CANNOT_REVIEW_OWN_DOCUMENT)
ReasonRequired = rule(IdentityError, refusals.REASON_REQUIRED)
ReasonTooLong = rule(IdentityError, refusals.REASON_TOO_LONG)
DocumentStillUnderReview = rule(IdentityError, refusals.DOCUMENT_STILL_UNDER_REVIEW)
DocumentRetentionNotOver = rule(IdentityError, refusals.DOCUMENT_RETENTION_NOT_OVER)
NotAllowedToSeeDocument = rule(IdentityError, common.NOT_ALLOWED)
# Unknown, decided, deleted or its resident erased: one refusal, so that an operator's mistyped id
# and a document reviewed meanwhile tell nothing apart.
DocumentNotUnderReview = rule(IdentityError, refusals.DOCUMENT_NOT_UNDER_REVIEW)
UnknownResident = rule(IdentityError, refusals.UNKNOWN_RESIDENT)
CannotVouchForYourself = rule(IdentityError, refusals.CANNOT_VOUCH_FOR_YOURSELF)
VoucherNotVerified = rule(IdentityError, refusals.VOUCHER_NOT_VERIFIED)
# The voucher's own address was proven by vouches, which cannot vouch in turn.
VoucherVerifiedByVouches = rule(IdentityError, refusals.VOUCHER_VERIFIED_BY_VOUCHES)


class VoucherTooFar(IdentityError):
    refusal = refusals.VOUCHER_TOO_FAR

    def __init__(self, message: str, distance_m: float | None) -> None:
        super().__init__(message)
        self.distance_m = distance_m


VouchLimitReached = rule(IdentityError, refusals.VOUCH_LIMIT_REACHED)
AlreadyVouched = rule(IdentityError, refusals.ALREADY_VOUCHED)
VouchForAnotherAddress = rule(IdentityError, refusals.VOUCH_FOR_ANOTHER_ADDRESS)
# The account's e-mails


# No link of this kind was sent with this token (or its resident was erased since).
AccountTokenUnknown = rule(IdentityError, refusals.ACCOUNT_TOKEN_UNKNOWN)
AccountTokenExpired = rule(IdentityError, refusals.ACCOUNT_TOKEN_EXPIRED)
AccountTokenUsed = rule(IdentityError, refusals.ACCOUNT_TOKEN_USED)
AccountTokenSuperseded = rule(IdentityError, refusals.ACCOUNT_TOKEN_SUPERSEDED)
EmailAlreadyConfirmed = rule(IdentityError, refusals.EMAIL_ALREADY_CONFIRMED)


TooManyConfirmationRequests = retry_later(
    IdentityError, refusals.TOO_MANY_CONFIRMATION_REQUESTS, "too many confirmation e-mails"
)
