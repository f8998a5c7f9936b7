"""Commands of the account's e-mails: confirming the address, resetting the password.

A link's token is drawn by the handler, never by the domain; the domain sees the token only to
record it sealed (for the mail) and compares hashes.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Link:
    """A single-use link about to be sent: its id, its token and the token's SHA-256 (hex)."""

    link_id: uuid.UUID
    token: str
    token_hash: str


@dataclass(frozen=True)
class RequestEmailConfirmation:
    command_id: uuid.UUID
    resident_id: uuid.UUID
    link: Link
    at: datetime


@dataclass(frozen=True)
class ConfirmEmail:
    """`token_hash`: the hash of the token the link carried."""

    command_id: uuid.UUID
    resident_id: uuid.UUID
    token_hash: str
    at: datetime


@dataclass(frozen=True)
class RequestPasswordReset:
    command_id: uuid.UUID
    resident_id: uuid.UUID
    link: Link
    at: datetime


@dataclass(frozen=True)
class ResetPassword:
    """`new_password_hash`: the new password, checked against the password rules and hashed by
    the handler."""

    command_id: uuid.UUID
    resident_id: uuid.UUID
    token_hash: str
    new_password_hash: str
    at: datetime


EmailCommand = RequestEmailConfirmation | ConfirmEmail | RequestPasswordReset | ResetPassword
