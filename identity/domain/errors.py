"""Why the identity context refuses a command: one error per rule. Messages hold ids and counts,
never a personal value, so they are safe to log and to show."""

from __future__ import annotations

from collections.abc import Sequence

from contracts.identity.events import IdentityEvent


class IdentityError(Exception):
    """A command refused by a rule of the identity context."""


class RefusalWithRecord(IdentityError):
    """A refusal that still leaves a trace in the log (a wrong letter code): the handler appends
    `events`, then raises the refusal."""

    def __init__(self, message: str, events: Sequence[IdentityEvent]) -> None:
        super().__init__(message)
        self.events: tuple[IdentityEvent, ...] = tuple(events)


# Account


class NotRegistered(IdentityError):
    pass


class AccountErased(IdentityError):
    pass


class InvalidEmail(IdentityError):
    pass


class EmailTaken(IdentityError):
    pass


class PasswordTooWeak(IdentityError):
    pass


class InvalidProfile(IdentityError):
    pass


class UnsupportedLanguage(InvalidProfile):
    """The platform does not speak the language asked for (see contracts LANGUAGES)."""


class InvalidCredentials(IdentityError):
    """The e-mail or the password is wrong; which one is never said."""


class CurrentPasswordWrong(IdentityError):
    pass


class TooManySignInAttempts(IdentityError):
    """The sign-in limiter refuses: too many failures for this account or from this source."""

    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__(f"too many failed sign-ins: try again in {retry_after_seconds} s")
        self.retry_after_seconds = retry_after_seconds


class UnknownRole(IdentityError):
    pass


class RoleNeedsNeighbourhood(IdentityError):
    pass


class RoleIsPlatformWide(IdentityError):
    pass


# Address and verification


class AddressIncomplete(IdentityError):
    pass


class AddressUnknown(IdentityError):
    pass


class NoAddressDeclared(IdentityError):
    pass


class AddressAlreadyVerified(IdentityError):
    pass


class AddressNotLocated(IdentityError):
    pass


class TooManyLetters(IdentityError):
    pass


class TooManyLetterAddresses(IdentityError):
    """Letters were already sent to as many different addresses as allowed in the period."""


class NoLetterPosted(IdentityError):
    pass


class CodeForAnotherLetter(IdentityError):
    pass


class CodeExpired(IdentityError):
    pass


class TooManyAttempts(IdentityError):
    pass


class WrongCode(RefusalWithRecord):
    def __init__(self, attempts_left: int, events: Sequence[IdentityEvent]) -> None:
        super().__init__(f"wrong code: {attempts_left} attempt(s) left for this letter", events)
        self.attempts_left = attempts_left


class UnsupportedDocumentType(IdentityError):
    pass


class DocumentTooLarge(IdentityError):
    pass


class UnknownDocument(IdentityError):
    pass


class DocumentAlreadyDecided(IdentityError):
    pass


class DocumentForAnotherAddress(IdentityError):
    pass


class NotAllowedToReview(IdentityError):
    pass


class CannotReviewOwnDocument(IdentityError):
    pass


class ReasonRequired(IdentityError):
    pass


class ReasonTooLong(IdentityError):
    pass


class DocumentStillUnderReview(IdentityError):
    pass


class DocumentRetentionNotOver(IdentityError):
    pass


class NotAllowedToSeeDocument(IdentityError):
    pass


class DocumentNotUnderReview(IdentityError):
    """Unknown, decided, deleted or its resident erased: one refusal, so that an operator's
    mistyped id and a document reviewed meanwhile tell nothing apart."""


class UnknownResident(IdentityError):
    pass


class CannotVouchForYourself(IdentityError):
    pass


class VoucherNotVerified(IdentityError):
    pass


class VoucherVerifiedByVouches(IdentityError):
    """The voucher's own address was proven by vouches, which cannot vouch in turn."""


class VoucherTooFar(IdentityError):
    def __init__(self, message: str, distance_m: float | None) -> None:
        super().__init__(message)
        self.distance_m = distance_m


class VouchLimitReached(IdentityError):
    pass


class AlreadyVouched(IdentityError):
    pass


class VouchForAnotherAddress(IdentityError):
    pass
