"""Password hashing (argon2id, through argon2-cffi) and the minimum password policy.

    hasher = PasswordHasher()
    check_password_policy(password)            # WeakPassword, with a reason, when too weak
    stored = hasher.hash(password)
    hasher.verify_or_dummy(stored_or_none, typed)

A password is never stored, logged or put in an error message: only its argon2 hash leaves this
module. Passwords are NFKC-normalised first, so the same password typed on two keyboards that
compose accents differently still matches.
"""

from __future__ import annotations

import secrets
import unicodedata
from typing import Literal

import argon2
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from identity.domain.passwords import COMMON_PASSWORDS

MIN_LENGTH = 10
MAX_LENGTH = 1024

Reason = Literal["too_short", "too_long", "too_common"]


class WeakPassword(ValueError):
    """The password breaks the policy; `reason` says which rule, the message says it to people."""

    _MESSAGES: dict[str, str] = {
        "too_short": f"a password has at least {MIN_LENGTH} characters",
        "too_long": f"a password has at most {MAX_LENGTH} characters",
        "too_common": "this password is among the most used ones: choose another",
    }

    def __init__(self, reason: Reason) -> None:
        super().__init__(self._MESSAGES[reason])
        self.reason: Reason = reason


def normalise_password(password: str) -> str:
    return unicodedata.normalize("NFKC", password)


def check_password_policy(password: str) -> None:
    plain = normalise_password(password)
    if len(plain) < MIN_LENGTH:
        raise WeakPassword("too_short")
    if len(plain) > MAX_LENGTH:
        raise WeakPassword("too_long")
    if plain.casefold() in COMMON_PASSWORDS:
        raise WeakPassword("too_common")


class PasswordHasher:
    """argon2id with argon2-cffi's defaults (RFC 9106 low-memory profile: 3 passes, 64 MiB,
    4 lanes) unless told otherwise; tests pass smaller costs."""

    def __init__(
        self,
        time_cost: int = argon2.DEFAULT_TIME_COST,
        memory_cost: int = argon2.DEFAULT_MEMORY_COST,
        parallelism: int = argon2.DEFAULT_PARALLELISM,
    ) -> None:
        self._argon2 = argon2.PasswordHasher(
            time_cost=time_cost,
            memory_cost=memory_cost,
            parallelism=parallelism,
            type=argon2.Type.ID,
        )
        # Made with the same costs as real hashes, so checking against it takes as long.
        self._dummy = self._argon2.hash(secrets.token_urlsafe(24))

    def hash(self, password: str) -> str:
        return self._argon2.hash(normalise_password(password))

    def verify(self, stored: str, password: str) -> bool:
        if len(password) > 4 * MAX_LENGTH:
            # Nobody was allowed such a password; do not spend a hash pass on it.
            return False
        try:
            return self._argon2.verify(stored, normalise_password(password))
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def verify_or_dummy(self, stored: str | None, password: str) -> bool:
        """Check a sign-in. With no account (`stored` None) the same work is done against a dummy
        hash and False returned, so the answer's timing does not tell which e-mails exist."""
        if stored is None:
            self.verify(self._dummy, password)
            return False
        return self.verify(stored, password)

    def needs_rehash(self, stored: str) -> bool:
        """True when the hash was made with other costs than today's: rehash after a sign-in."""
        try:
            return self._argon2.check_needs_rehash(stored)
        except (InvalidHashError, ValueError):
            return True
