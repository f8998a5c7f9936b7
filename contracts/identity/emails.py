"""Identity contracts of the e-mails an account needs: confirming its address and resetting its
password. Declared, with the other identity contracts, in contracts.identity.

Each request carries a single-use token that travels in a link. The log never holds it in clear:
`token` is sealed with the resident's key (for the mail that carries it; erased with the
resident), `token_hash` (SHA-256 of the token, hex) is what a link is checked against.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from marshmallow import validate

from ..fields import contract_of, one_of, text
from ..pii import pii
from .accounts import LANGUAGES

TOKEN = validate.Length(min=1, max=200)
TOKEN_HASH = validate.Length(equal=64)


def email_key(email: str) -> str:
    """E-mail addresses are compared case-insensitively and without surrounding blanks."""
    return email.strip().casefold()


@dataclass(frozen=True)
class EmailConfirmationRequested:
    """A link to confirm the resident's e-mail address is to be sent (at sign-up, or asked
    again). It supersedes any earlier one."""

    resident_id: uuid.UUID
    request_id: uuid.UUID
    token_hash: str
    token: str
    expires_at: datetime
    requested_at: datetime


@dataclass(frozen=True)
class EmailConfirmed:
    """The resident opened the link sent to their address: it is theirs. `request_id` names the
    request whose link was used."""

    resident_id: uuid.UUID
    request_id: uuid.UUID
    confirmed_at: datetime


@dataclass(frozen=True)
class PasswordResetRequested:
    """Someone asked for the resident's password to be reset: a link is to be sent to their
    address, in `language`. It supersedes any earlier one."""

    resident_id: uuid.UUID
    reset_id: uuid.UUID
    token_hash: str
    token: str
    expires_at: datetime
    language: str
    requested_at: datetime


@dataclass(frozen=True)
class PasswordResetCompleted:
    """The link was used and a new password set (recorded beside it as PasswordChanged)."""

    resident_id: uuid.UUID
    reset_id: uuid.UUID
    completed_at: datetime


EMAIL_CONFIRMATION_REQUESTED = contract_of(
    "identity",
    EmailConfirmationRequested,
    "resident_id",
    token_hash=text(TOKEN_HASH),
    token=pii(text(TOKEN)),
)
EMAIL_CONFIRMED = contract_of("identity", EmailConfirmed, "resident_id")
PASSWORD_RESET_REQUESTED = contract_of(
    "identity",
    PasswordResetRequested,
    "resident_id",
    token_hash=text(TOKEN_HASH),
    token=pii(text(TOKEN)),
    language=one_of(LANGUAGES),
)
PASSWORD_RESET_COMPLETED = contract_of("identity", PasswordResetCompleted, "resident_id")
