"""Why the identity context refuses a command, each refusal declared once (contracts/refusals.py):
its code, HTTP status, field, details and limits, read by the domain errors, the service's door,
the gateway, the OpenAPI document and the web client."""

from __future__ import annotations

from ..refusals import REASON_REQUIRED as REASON_REQUIRED  # raised by this context too
from ..refusals import Refusal, declare
from .accounts import MAX_DISPLAY_NAME
from .verification import MAX_DOCUMENT_BYTES, MAX_REASON

# Both caps on letters count over the same period.
LETTER_PERIOD_DAYS = 90

EMAIL_TAKEN = Refusal(
    "email_taken", 409, "An account already uses this e-mail address.", field="email"
)
INVALID_EMAIL = Refusal("invalid_email", 422, "This is not a valid e-mail address.", field="email")
PASSWORD_TOO_WEAK = Refusal(
    "password_too_weak",
    422,
    "This password is too weak: make it longer.",
    field="password",
    limits={"min_length": 10, "max_length": 1024},
)
INVALID_PROFILE = Refusal(
    "invalid_profile",
    422,
    "This profile is not valid.",
    field="display_name",
    limits={"max_display_name": MAX_DISPLAY_NAME, "max_phone": 30},
)
UNSUPPORTED_LANGUAGE = Refusal(
    "unsupported_language", 422, "Choose French (fr) or English (en).", field="language"
)
INVALID_CREDENTIALS = Refusal("invalid_credentials", 401, "Wrong e-mail address or password.")
CURRENT_PASSWORD_WRONG = Refusal(
    "current_password_wrong", 422, "The current password is wrong.", field="current"
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
NOT_REGISTERED = Refusal("not_registered", 404, "No such resident.", client_code="not_found")
UNKNOWN_RESIDENT = Refusal("unknown_resident", 404, "No such resident.", client_code="not_found")
ADDRESS_INCOMPLETE = Refusal(
    "address_incomplete",
    422,
    "The address is incomplete.",
    limits={"max_line": 200, "max_city": 100},
)
ADDRESS_UNKNOWN = Refusal("address_unknown", 422, "This address is not in the address base.")
ADDRESS_NOT_LOCATED = Refusal("address_not_located", 422, "This address could not be located.")
NO_ADDRESS_DECLARED = Refusal("no_address_declared", 409, "Declare your home address first.")
ADDRESS_ALREADY_VERIFIED = Refusal(
    "address_already_verified",
    409,
    "Your address is already verified.",
    client_code="already_verified",
)
TOO_MANY_LETTERS = Refusal(
    "too_many_letters",
    409,
    "Too many letters were sent for this address.",
    limits={"max_letters": 3, "period_days": LETTER_PERIOD_DAYS},
)
TOO_MANY_LETTER_ADDRESSES = Refusal(
    "too_many_letter_addresses",
    409,
    "Letters were recently sent to as many different addresses as allowed.",
    limits={"max_addresses": 2, "period_days": LETTER_PERIOD_DAYS},
)
NO_LETTER_POSTED = Refusal("no_letter_posted", 409, "No letter was sent for this address yet.")
CODE_FOR_ANOTHER_LETTER = Refusal(
    "code_for_another_letter", 422, "This code belongs to another letter.", field="code"
)
CODE_EXPIRED = Refusal(
    "code_expired",
    422,
    "This code has expired: ask for a new letter.",
    field="code",
    limits={"validity_days": 30},
)
TOO_MANY_ATTEMPTS = Refusal(
    "too_many_attempts",
    409,
    "Too many wrong codes: ask for a new letter.",
    limits={"max_attempts": 5},
)
WRONG_CODE = Refusal(
    "wrong_code",
    422,
    "Wrong code.",
    field="code",
    details=("attempts_left",),
    limits={"max_length": 40},  # the longest code typed that is checked at all
)
UNSUPPORTED_DOCUMENT_TYPE = Refusal(
    "unsupported_document_type", 422, "Send a PDF, JPEG or PNG file.", field="document"
)
DOCUMENT_TOO_LARGE = Refusal(
    "document_too_large",
    413,
    "The document is larger than {max_mib} MiB.",
    limits={"max_mib": MAX_DOCUMENT_BYTES // 2**20},
    client_code="payload_too_large",
)
UNKNOWN_DOCUMENT = Refusal("unknown_document", 404, "No such document.", client_code="not_found")
CANNOT_VOUCH_FOR_YOURSELF = Refusal(
    "cannot_vouch_for_yourself", 422, "You cannot vouch for yourself."
)
VOUCHER_NOT_VERIFIED = Refusal(
    "voucher_not_verified", 403, "Verify your own address before vouching."
)
VOUCHER_VERIFIED_BY_VOUCHES = Refusal(
    "voucher_verified_by_vouches",
    403,
    "Only residents verified by letter or by document may vouch.",
)
VOUCHER_TOO_FAR = Refusal(
    "voucher_too_far",
    403,
    "You live too far away to vouch for this resident.",
    details=("distance_m",),
    limits={"radius_m": 300},
)
VOUCH_LIMIT_REACHED = Refusal(
    "vouch_limit_reached",
    409,
    "You have vouched for as many residents as allowed.",
    limits={"max_vouches": 5, "period_days": 30},
)
ALREADY_VOUCHED = Refusal("already_vouched", 409, "You have already vouched for this resident.")
VOUCH_FOR_ANOTHER_ADDRESS = Refusal(
    "vouch_for_another_address", 409, "This resident has declared another address since."
)
UNKNOWN_ROLE = Refusal("unknown_role", 422, "No such role.", field="role")
ROLE_NEEDS_NEIGHBOURHOOD = Refusal(
    "role_needs_neighbourhood",
    422,
    "A moderator moderates one neighbourhood: name it.",
    field="neighbourhood_id",
)
ROLE_IS_PLATFORM_WIDE = Refusal(
    "role_is_platform_wide",
    422,
    "An operator acts on the whole platform, not one neighbourhood.",
    field="neighbourhood_id",
)
NOT_ALLOWED_TO_REVIEW = Refusal(
    "not_allowed_to_review",
    403,
    "Only an operator, or a moderator of a neighbourhood containing the address, may review it.",
)
CANNOT_REVIEW_OWN_DOCUMENT = Refusal(
    "cannot_review_own_document", 403, "No one reviews their own proof of address."
)
DOCUMENT_ALREADY_DECIDED = Refusal(
    "document_already_decided", 409, "This document was already approved or rejected."
)
DOCUMENT_FOR_ANOTHER_ADDRESS = Refusal(
    "document_for_another_address", 409, "The resident has moved since sending this document."
)
REASON_TOO_LONG = Refusal(
    "reason_too_long",
    422,
    "A reason is at most {max_length} characters.",
    field="reason",
    limits={"max_length": MAX_REASON},
)
DOCUMENT_STILL_UNDER_REVIEW = Refusal(
    "document_still_under_review", 409, "This document is still awaiting review."
)
DOCUMENT_RETENTION_NOT_OVER = Refusal(
    "document_retention_not_over",
    409,
    "A decided document is kept {retention_days} days.",
    limits={"retention_days": 30},
)
# Answered as not_found (the door's own code): an unknown document and one reviewed meanwhile
# tell nothing apart.
DOCUMENT_NOT_UNDER_REVIEW = Refusal(
    "document_not_under_review",
    404,
    "No such document awaiting review.",
    client_code="not_found",
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
ACCOUNT_TOKEN_USED = Refusal(
    "account_token_used", 409, "This link was already used: ask for a new one if needed."
)
ACCOUNT_TOKEN_SUPERSEDED = Refusal(
    "account_token_superseded", 409, "A newer link was sent since: use the latest e-mail."
)
EMAIL_ALREADY_CONFIRMED = Refusal(
    "email_already_confirmed", 409, "Your e-mail address is already confirmed."
)
TOO_MANY_CONFIRMATION_REQUESTS = Refusal(
    "too_many_confirmation_requests",
    429,
    "A confirmation e-mail can be sent {max_requests} times in {period_hours} hours.",
    details=("retry_after_seconds",),
    limits={"max_requests": 5, "period_hours": 24},
    client_code="rate_limited",
)

REFUSALS = declare(
    EMAIL_TAKEN,
    INVALID_EMAIL,
    PASSWORD_TOO_WEAK,
    INVALID_PROFILE,
    UNSUPPORTED_LANGUAGE,
    INVALID_CREDENTIALS,
    CURRENT_PASSWORD_WRONG,
    TOO_MANY_SIGN_IN_ATTEMPTS,
    ACCOUNT_ERASED,
    NOT_REGISTERED,
    UNKNOWN_RESIDENT,
    ADDRESS_INCOMPLETE,
    ADDRESS_UNKNOWN,
    ADDRESS_NOT_LOCATED,
    NO_ADDRESS_DECLARED,
    ADDRESS_ALREADY_VERIFIED,
    TOO_MANY_LETTERS,
    TOO_MANY_LETTER_ADDRESSES,
    NO_LETTER_POSTED,
    CODE_FOR_ANOTHER_LETTER,
    CODE_EXPIRED,
    TOO_MANY_ATTEMPTS,
    WRONG_CODE,
    UNSUPPORTED_DOCUMENT_TYPE,
    DOCUMENT_TOO_LARGE,
    UNKNOWN_DOCUMENT,
    CANNOT_VOUCH_FOR_YOURSELF,
    VOUCHER_NOT_VERIFIED,
    VOUCHER_VERIFIED_BY_VOUCHES,
    VOUCHER_TOO_FAR,
    VOUCH_LIMIT_REACHED,
    ALREADY_VOUCHED,
    VOUCH_FOR_ANOTHER_ADDRESS,
    UNKNOWN_ROLE,
    ROLE_NEEDS_NEIGHBOURHOOD,
    ROLE_IS_PLATFORM_WIDE,
    NOT_ALLOWED_TO_REVIEW,
    CANNOT_REVIEW_OWN_DOCUMENT,
    DOCUMENT_ALREADY_DECIDED,
    DOCUMENT_FOR_ANOTHER_ADDRESS,
    REASON_REQUIRED,
    REASON_TOO_LONG,
    DOCUMENT_STILL_UNDER_REVIEW,
    DOCUMENT_RETENTION_NOT_OVER,
    DOCUMENT_NOT_UNDER_REVIEW,
    ACCOUNT_TOKEN_UNKNOWN,
    ACCOUNT_TOKEN_EXPIRED,
    ACCOUNT_TOKEN_USED,
    ACCOUNT_TOKEN_SUPERSEDED,
    EMAIL_ALREADY_CONFIRMED,
    TOO_MANY_CONFIRMATION_REQUESTS,
)
