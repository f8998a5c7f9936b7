"""The ports identity's handlers are given, each declared here once: geocoder, letter box,
password hasher, sign-in limiter and proof-document store. Their adapters live in adapters/
(geocoder.py, letters.py, passwords.py, ratelimit.py, documents.py); tests hand in fakes.
"""

from __future__ import annotations

from dataclasses import dataclass
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
        """The door the address names, or None when this geocoder does not know it."""
        ...


class LetterBox(Protocol):
    def post(self, letter_id: str, resident_id: str, address: PostalAddress, code: str, /) -> None:
        """Send the code on paper; posting the same letter_id again sends nothing new."""
        ...

    def discard(self, letter_id: str, /) -> None:
        """Forget a letter that can no longer serve (used, expired, replaced, its resident
        erased): it holds an address and a code. Discarding an unknown letter does nothing."""
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


@dataclass(frozen=True)
class DocumentInfo:
    content_type: str
    size: int


class ProofStore(Protocol):
    def put(self, resident_id: str, document_id: str, content: bytes, /) -> DocumentInfo:
        """Store (or replace) a document; its type comes from its content, never its name."""
        ...

    def get(self, resident_id: str, document_id: str, /) -> bytes: ...

    def delete(self, resident_id: str, document_id: str, /) -> None:
        """Idempotent."""
        ...

    def mark_decided(self, resident_id: str, document_id: str, decided_at: datetime, /) -> None:
        """Start the retention period: the document is due for deletion RETENTION later."""
        ...

    def delete_resident(self, resident_id: str, /) -> None:
        """Delete all of a resident's documents (on erasure). Idempotent."""
        ...

    def due(self, now: datetime, /) -> list[tuple[str, str]]:
        """(resident, document) pairs decided at least RETENTION before `now`, deleting nothing:
        the handlers record each deletion in the log before the content goes."""
        ...

    def delete_due(self, now: datetime, /) -> list[tuple[str, str]]:
        """Delete every document decided at least RETENTION before `now`; (resident, document)
        pairs of what was deleted."""
        ...
