"""The ports identity's handlers are given: geocoder, letter box, password hasher, sign-in
limiter and proof-document store. Adapters live in geocoder.py, letters.py, passwords.py,
ratelimit.py and documents.py; tests hand in fakes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from identity.domain.state import PostalAddress


class HasPoint(Protocol):
    """A door the geocoder found: where it is, and its id in the address base (the same
    whichever way the address was spelled)."""

    @property
    def point(self) -> tuple[float, float]: ...

    @property
    def ban_id(self) -> str: ...


class Geocoder(Protocol):
    def locate(self, line: str, postcode: str, city: str, country: str, /) -> HasPoint | None:
        """The door the address names, or None when the map does not know it."""
        ...


class LetterBox(Protocol):
    def post(self, letter_id: str, resident_id: str, address: PostalAddress, code: str, /) -> None:
        """Send the code on paper; posting the same letter_id again sends nothing new."""
        ...

    def discard(self, letter_id: str, /) -> None:
        """Forget a letter that can no longer serve; an unknown one is no error."""
        ...

    def posted_before(self, moment: datetime, /) -> list[str]:
        """Ids of the letters posted before `moment` and not discarded."""
        ...


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...

    def verify_or_dummy(self, stored: str | None, password: str) -> bool:
        """True when `password` matches `stored`; with None, spends the same time and is False."""
        ...


class Verdict(Protocol):
    @property
    def allowed(self) -> bool: ...

    @property
    def retry_after(self) -> int: ...


class SignInLimiter(Protocol):
    """`device`: the browser's own token, when it has one; a device that signed in to the
    account before is spared the account's wait that guessers elsewhere caused."""

    def check(self, account: str, source: str, device: str | None = None) -> Verdict: ...

    def record_failure(self, account: str, source: str, device: str | None = None) -> object: ...

    def record_success(self, account: str, source: str, device: str | None = None) -> None: ...


class ProofStore(Protocol):
    def put(self, resident_id: str, document_id: str, content: bytes) -> object: ...

    def get(self, resident_id: str, document_id: str) -> bytes: ...

    def delete(self, resident_id: str, document_id: str) -> None: ...

    def mark_decided(self, resident_id: str, document_id: str, decided_at: datetime) -> None: ...

    def delete_resident(self, resident_id: str) -> None: ...

    def due(self, now: datetime) -> list[tuple[str, str]]:
        """(resident, document) ids whose retention after the decision is over."""
        ...
