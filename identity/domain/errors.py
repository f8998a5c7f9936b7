"""Why the identity context refuses a command: one error per rule. Messages hold ids and counts,
never a personal value, so they are safe to log and to show."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from contracts import refusals as common
from contracts.identity import refusals
from contracts.identity.events import IdentityEvent
from contracts.refusals import Refusal


class IdentityError(Exception):
    """A command refused by a rule of the identity context; `refusal` is its declaration."""

    refusal: ClassVar[Refusal]


class RefusalWithRecord(IdentityError):
    """A refusal that still leaves a trace in the log (a wrong letter code): the handler appends
    `events`, then raises the refusal."""

    def __init__(self, message: str, events: Sequence[IdentityEvent]) -> None:
        super().__init__(message)
        self.events: tuple[IdentityEvent, ...] = tuple(events)


# Account


class NotRegistered(IdentityError):
    refusal = refusals.NOT_REGISTERED


class AccountErased(IdentityError):
    refusal = refusals.ACCOUNT_ERASED


class InvalidEmail(IdentityError):
    refusal = refusals.INVALID_EMAIL


class EmailTaken(IdentityError):
    refusal = refusals.EMAIL_TAKEN


class PasswordTooWeak(IdentityError):
    refusal = refusals.PASSWORD_TOO_WEAK


class InvalidProfile(IdentityError):
    refusal = refusals.INVALID_PROFILE


class UnsupportedLanguage(InvalidProfile):
    """The platform does not speak the language asked for (see contracts LANGUAGES)."""

    refusal = refusals.UNSUPPORTED_LANGUAGE


class InvalidCredentials(IdentityError):
    """The e-mail or the password is wrong; which one is never said."""

    refusal = refusals.INVALID_CREDENTIALS


class CurrentPasswordWrong(IdentityError):
    refusal = refusals.CURRENT_PASSWORD_WRONG


class TooManySignInAttempts(IdentityError):
    """The sign-in limiter refuses: too many failures for this account or from this source."""

    refusal = refusals.TOO_MANY_SIGN_IN_ATTEMPTS

    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__(f"too many failed sign-ins: try again in {retry_after_seconds} s")
        self.retry_after_seconds = retry_after_seconds


class NotAnOperator(IdentityError):
    """Roles are granted and revoked, and others' accounts erased, by operators only."""

    refusal = common.NOT_ALLOWED


class UnknownRole(IdentityError):
    refusal = refusals.UNKNOWN_ROLE


class RoleNeedsNeighbourhood(IdentityError):
    refusal = refusals.ROLE_NEEDS_NEIGHBOURHOOD


class RoleIsPlatformWide(IdentityError):
    refusal = refusals.ROLE_IS_PLATFORM_WIDE


# Address and verification


class AddressIncomplete(IdentityError):
    refusal = refusals.ADDRESS_INCOMPLETE


class AddressUnknown(IdentityError):
    refusal = refusals.ADDRESS_UNKNOWN


class NoAddressDeclared(IdentityError):
    refusal = refusals.NO_ADDRESS_DECLARED


class AddressAlreadyVerified(IdentityError):
    refusal = refusals.ADDRESS_ALREADY_VERIFIED


class AddressNotLocated(IdentityError):
    refusal = refusals.ADDRESS_NOT_LOCATED


class TooManyLetters(IdentityError):
    refusal = refusals.TOO_MANY_LETTERS


class TooManyLetterAddresses(IdentityError):
    """Letters were already sent to as many different addresses as allowed in the period."""

    refusal = refusals.TOO_MANY_LETTER_ADDRESSES


class NoLetterPosted(IdentityError):
    refusal = refusals.NO_LETTER_POSTED


class CodeForAnotherLetter(IdentityError):
    refusal = refusals.CODE_FOR_ANOTHER_LETTER


class CodeExpired(IdentityError):
    refusal = refusals.CODE_EXPIRED


class TooManyAttempts(IdentityError):
    refusal = refusals.TOO_MANY_ATTEMPTS


class WrongCode(RefusalWithRecord):
    refusal = refusals.WRONG_CODE

    def __init__(self, attempts_left: int, events: Sequence[IdentityEvent]) -> None:
        super().__init__(f"wrong code: {attempts_left} attempt(s) left for this letter", events)
        self.attempts_left = attempts_left


class UnsupportedDocumentType(IdentityError):
    refusal = refusals.UNSUPPORTED_DOCUMENT_TYPE


class DocumentTooLarge(IdentityError):
    refusal = refusals.DOCUMENT_TOO_LARGE


class UnknownDocument(IdentityError):
    refusal = refusals.UNKNOWN_DOCUMENT


class DocumentAlreadyDecided(IdentityError):
    refusal = refusals.DOCUMENT_ALREADY_DECIDED


class DocumentForAnotherAddress(IdentityError):
    refusal = refusals.DOCUMENT_FOR_ANOTHER_ADDRESS


class NotAllowedToReview(IdentityError):
    refusal = refusals.NOT_ALLOWED_TO_REVIEW


class CannotReviewOwnDocument(IdentityError):
    refusal = refusals.CANNOT_REVIEW_OWN_DOCUMENT


class ReasonRequired(IdentityError):
    refusal = refusals.REASON_REQUIRED


class ReasonTooLong(IdentityError):
    refusal = refusals.REASON_TOO_LONG


class DocumentStillUnderReview(IdentityError):
    refusal = refusals.DOCUMENT_STILL_UNDER_REVIEW


class DocumentRetentionNotOver(IdentityError):
    refusal = refusals.DOCUMENT_RETENTION_NOT_OVER


class NotAllowedToSeeDocument(IdentityError):
    refusal = common.NOT_ALLOWED


class DocumentNotUnderReview(IdentityError):
    """Unknown, decided, deleted or its resident erased: one refusal, so that an operator's
    mistyped id and a document reviewed meanwhile tell nothing apart."""

    refusal = refusals.DOCUMENT_NOT_UNDER_REVIEW


class UnknownResident(IdentityError):
    refusal = refusals.UNKNOWN_RESIDENT


class CannotVouchForYourself(IdentityError):
    refusal = refusals.CANNOT_VOUCH_FOR_YOURSELF


class VoucherNotVerified(IdentityError):
    refusal = refusals.VOUCHER_NOT_VERIFIED


class VoucherVerifiedByVouches(IdentityError):
    """The voucher's own address was proven by vouches, which cannot vouch in turn."""

    refusal = refusals.VOUCHER_VERIFIED_BY_VOUCHES


class VoucherTooFar(IdentityError):
    refusal = refusals.VOUCHER_TOO_FAR

    def __init__(self, message: str, distance_m: float | None) -> None:
        super().__init__(message)
        self.distance_m = distance_m


class VouchLimitReached(IdentityError):
    refusal = refusals.VOUCH_LIMIT_REACHED


class AlreadyVouched(IdentityError):
    refusal = refusals.ALREADY_VOUCHED


class VouchForAnotherAddress(IdentityError):
    refusal = refusals.VOUCH_FOR_ANOTHER_ADDRESS


# The account's e-mails


class AccountTokenUnknown(IdentityError):
    """No link of this kind was sent with this token (or its resident was erased since)."""

    refusal = refusals.ACCOUNT_TOKEN_UNKNOWN


class AccountTokenExpired(IdentityError):
    refusal = refusals.ACCOUNT_TOKEN_EXPIRED


class AccountTokenUsed(IdentityError):
    refusal = refusals.ACCOUNT_TOKEN_USED


class AccountTokenSuperseded(IdentityError):
    refusal = refusals.ACCOUNT_TOKEN_SUPERSEDED


class EmailAlreadyConfirmed(IdentityError):
    refusal = refusals.EMAIL_ALREADY_CONFIRMED


class TooManyConfirmationRequests(IdentityError):
    refusal = refusals.TOO_MANY_CONFIRMATION_REQUESTS

    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__(f"too many confirmation e-mails: try again in {retry_after_seconds} s")
        self.retry_after_seconds = retry_after_seconds
