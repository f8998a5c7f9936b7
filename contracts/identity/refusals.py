"""Why the identity context refuses a command, each refusal declared once (contracts/refusals.py):
its code, HTTP status, field, details and limits, read by the domain errors, the service's door,
the gateway, the OpenAPI document and the web client."""

from __future__ import annotations

from ..refusals import REASON_REQUIRED as REASON_REQUIRED  # raised by this context too
from ..refusals import Refusal, conflict, forbidden, gathered, invalid, missing, too_long
from .accounts import MAX_DISPLAY_NAME
from .verification import MAX_DOCUMENT_BYTES, MAX_REASON

# Both caps on letters count over the same period.
LETTER_PERIOD_DAYS = 90

EMAIL_TAKEN = conflict("email_taken", "An account already uses this e-mail address.", field="email")
INVALID_EMAIL = invalid("invalid_email", "email", "This is not a valid e-mail address.")
PASSWORD_TOO_WEAK = invalid(
    "password_too_weak",
    "password",
    "This password is too weak: make it longer.",
    limits={"min_length": 10, "max_length": 1024},
)
INVALID_PROFILE = invalid(
    "invalid_profile",
    "display_name",
    "This profile is not valid.",
    limits={"max_display_name": MAX_DISPLAY_NAME, "max_phone": 30},
)
UNSUPPORTED_LANGUAGE = invalid(
    "unsupported_language", "language", "Choose French (fr) or English (en)."
)
INVALID_CREDENTIALS = Refusal("invalid_credentials", 401, "Wrong e-mail address or password.")
CURRENT_PASSWORD_WRONG = invalid(
    "current_password_wrong", "current", "The current password is wrong."
)
TOO_MANY_SIGN_IN_ATTEMPTS = Refusal(
    "too_many_sign_in_attempts",
    429,
    "Too many sign-in attempts.",
    details=("retry_after_seconds",),
    client_code="rate_limited",
)
ACCOUNT_ERASED = Refusal(
    "account_erased", 401, "This account was erased.", client_code="unauthenticated"
)
NOT_REGISTERED = missing("not_registered", "No such resident.")
UNKNOWN_RESIDENT = missing("unknown_resident", "No such resident.")
ADDRESS_INCOMPLETE = invalid(
    "address_incomplete",
    None,
    "The address is incomplete.",
    limits={"max_line": 200, "max_city": 100},
)
ADDRESS_UNKNOWN = invalid("address_unknown", None, "This address is not in the address base.")
ADDRESS_NOT_LOCATED = invalid("address_not_located", None, "This address could not be located.")
NO_ADDRESS_DECLARED = conflict("no_address_declared", "Declare your home address first.")
ADDRESS_ALREADY_VERIFIED = conflict(
    "address_already_verified", "Your address is already verified.", client_code="already_verified"
)
TOO_MANY_LETTERS = conflict(
    "too_many_letters",
    "Too many letters were sent for this address.",
    limits={"max_letters": 3, "period_days": LETTER_PERIOD_DAYS},
)
TOO_MANY_LETTER_ADDRESSES = conflict(
    "too_many_letter_addresses",
    "Letters were recently sent to as many different addresses as allowed.",
    limits={"max_addresses": 2, "period_days": LETTER_PERIOD_DAYS},
)
NO_LETTER_POSTED = conflict("no_letter_posted", "No letter was sent for this address yet.")
CODE_FOR_ANOTHER_LETTER = invalid(
    "code_for_another_letter", "code", "This code belongs to another letter."
)
CODE_EXPIRED = invalid(
    "code_expired",
    "code",
    "This code has expired: ask for a new letter.",
    limits={"validity_days": 30},
)
TOO_MANY_ATTEMPTS = conflict(
    "too_many_attempts", "Too many wrong codes: ask for a new letter.", limits={"max_attempts": 5}
)
# max_length: the longest code typed that is checked at all.
WRONG_CODE = invalid(
    "wrong_code", "code", "Wrong code.", details=("attempts_left",), limits={"max_length": 40}
)
UNSUPPORTED_DOCUMENT_TYPE = invalid(
    "unsupported_document_type", "document", "Send a PDF, JPEG or PNG file."
)
DOCUMENT_TOO_LARGE = Refusal(
    "document_too_large",
    413,
    "The document is larger than {max_mib} MiB.",
    limits={"max_mib": MAX_DOCUMENT_BYTES // 2**20},
    client_code="payload_too_large",
)
UNKNOWN_DOCUMENT = missing("unknown_document", "No such document.")
CANNOT_VOUCH_FOR_YOURSELF = invalid(
    "cannot_vouch_for_yourself", None, "You cannot vouch for yourself."
)
VOUCHER_NOT_VERIFIED = forbidden("voucher_not_verified", "Verify your own address before vouching.")
VOUCHER_VERIFIED_BY_VOUCHES = forbidden(
    "voucher_verified_by_vouches", "Only residents verified by letter or by document may vouch."
)
VOUCHER_TOO_FAR = forbidden(
    "voucher_too_far",
    "You live too far away to vouch for this resident.",
    details=("distance_m",),
    limits={"radius_m": 300},
)
VOUCH_LIMIT_REACHED = conflict(
    "vouch_limit_reached",
    "You have vouched for as many residents as allowed.",
    limits={"max_vouches": 5, "period_days": 30},
)
ALREADY_VOUCHED = conflict("already_vouched", "You have already vouched for this resident.")
VOUCH_FOR_ANOTHER_ADDRESS = conflict(
    "vouch_for_another_address", "This resident has declared another address since."
)
UNKNOWN_ROLE = invalid("unknown_role", "role", "No such role.")
ROLE_NEEDS_NEIGHBOURHOOD = invalid(
    "role_needs_neighbourhood",
    "neighbourhood_id",
    "A moderator moderates one neighbourhood: name it.",
)
ROLE_IS_PLATFORM_WIDE = invalid(
    "role_is_platform_wide",
    "neighbourhood_id",
    "An operator acts on the whole platform, not one neighbourhood.",
)
NOT_ALLOWED_TO_REVIEW = forbidden(
    "not_allowed_to_review",
    "Only an operator, or a moderator of a neighbourhood containing the address, may review it.",
)
CANNOT_REVIEW_OWN_DOCUMENT = forbidden(
    "cannot_review_own_document", "No one reviews their own proof of address."
)
DOCUMENT_ALREADY_DECIDED = conflict(
    "document_already_decided", "This document was already approved or rejected."
)
DOCUMENT_FOR_ANOTHER_ADDRESS = conflict(
    "document_for_another_address", "The resident has moved since sending this document."
)
REASON_TOO_LONG = too_long(
    "reason_too_long", "reason", "A reason is at most {max_length} characters.", MAX_REASON
)
DOCUMENT_STILL_UNDER_REVIEW = conflict(
    "document_still_under_review", "This document is still awaiting review."
)
DOCUMENT_RETENTION_NOT_OVER = conflict(
    "document_retention_not_over",
    "A decided document is kept {retention_days} days.",
    limits={"retention_days": 30},
)
# Answered as not_found (the door's own code): an unknown document and one reviewed meanwhile
# tell nothing apart.
DOCUMENT_NOT_UNDER_REVIEW = missing(
    "document_not_under_review", "No such document awaiting review."
)
# E-mails of the account: links that confirm the address or reset the password. The link's
# token names no field of a form: it came in the link, not from the person.
ACCOUNT_TOKEN_UNKNOWN = Refusal(
    "account_token_unknown", 404, "This link is not valid: ask for a new one."
)
ACCOUNT_TOKEN_EXPIRED = Refusal(
    "account_token_expired",
    410,
    "This link has expired: ask for a new one.",
    limits={"password_reset_minutes": 30, "email_confirmation_hours": 48},
)
ACCOUNT_TOKEN_USED = conflict(
    "account_token_used", "This link was already used: ask for a new one if needed."
)
ACCOUNT_TOKEN_SUPERSEDED = conflict(
    "account_token_superseded", "A newer link was sent since: use the latest e-mail."
)
EMAIL_ALREADY_CONFIRMED = conflict(
    "email_already_confirmed", "Your e-mail address is already confirmed."
)
TOO_MANY_CONFIRMATION_REQUESTS = Refusal(
    "too_many_confirmation_requests",
    429,
    "A confirmation e-mail can be sent {max_requests} times in {period_hours} hours.",
    details=("retry_after_seconds",),
    limits={"max_requests": 5, "period_hours": 24},
    client_code="rate_limited",
)

REFUSALS = gathered(globals())
