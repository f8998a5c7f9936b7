"""The keyring: one AES-256 key per data subject, kept outside the event store.

Erasing a subject destroys their key and leaves a tombstone, so their personal data in the log can
never be read again and no new key is ever made for them ("crypto-shredding").

    keyring = connect_keyring("sqlite:///var/keyring.db")
    key = keyring.key_for(resident_id)

The SQL adapter (SQLite file or PostgreSQL table) lives in keyring_sql.py.
"""

from __future__ import annotations

import threading
from collections.abc import Collection
from datetime import UTC, datetime
from typing import Protocol

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from contracts.errors import SubjectErased

KEY_BITS = 256
MAX_SUBJECT = 200


class KeyringError(Exception):
    """Base of the keyring's own errors (an erased subject raises contracts' SubjectErased)."""


class KeyringUnavailable(KeyringError):
    """The keyring's database could not be reached; the message says which and how to start it."""


class UnknownKeyringURL(KeyringError, ValueError):
    pass


class InvalidSubject(KeyringError, ValueError):
    pass


class Keyring(Protocol):
    def key_for(self, subject: str) -> bytes:
        """The subject's key, made on first use; raises SubjectErased once they are erased."""
        ...

    def get(self, subject: str) -> bytes | None:
        """The subject's key, or None when they have none (never had one, or were erased)."""
        ...

    def erase(self, subject: str) -> None:
        """Destroy the subject's key for good. Idempotent; erasing an unknown subject forbids
        any key for them later."""
        ...

    def is_erased(self, subject: str) -> bool: ...

    def keys(self, subjects: Collection[str]) -> dict[str, bytes | None]:
        """Many subjects' keys at once: bytes for those who have one, None for those erased;
        a subject who never had one is left out. Raises InvalidSubject as `get` does."""
        ...

    def close(self) -> None: ...


def check_subject(subject: object) -> str:
    if not isinstance(subject, str) or not subject or len(subject) > MAX_SUBJECT:
        raise InvalidSubject(f"a subject is a non-empty string of at most {MAX_SUBJECT} characters")
    return subject


class MemoryKeyring:
    """Keys in a dict, for tests. Thread-safe."""

    def __init__(self) -> None:
        self._keys: dict[str, bytes] = {}
        self._erased: dict[str, datetime] = {}
        self._lock = threading.Lock()

    def key_for(self, subject: str) -> bytes:
        check_subject(subject)
        with self._lock:
            if subject in self._erased:
                raise SubjectErased(subject)
            return self._keys.setdefault(subject, AESGCM.generate_key(KEY_BITS))

    def get(self, subject: str) -> bytes | None:
        check_subject(subject)
        with self._lock:
            return self._keys.get(subject)

    def erase(self, subject: str) -> None:
        check_subject(subject)
        with self._lock:
            self._keys.pop(subject, None)
            self._erased.setdefault(subject, datetime.now(UTC))

    def is_erased(self, subject: str) -> bool:
        check_subject(subject)
        with self._lock:
            return subject in self._erased

    def keys(self, subjects: Collection[str]) -> dict[str, bytes | None]:
        for subject in subjects:
            check_subject(subject)
        with self._lock:
            found: dict[str, bytes | None] = dict.fromkeys(
                (s for s in subjects if s in self._erased), None
            )
            found.update((s, self._keys[s]) for s in subjects if s in self._keys)
        return found

    def close(self) -> None:
        pass


def connect_keyring(url: str) -> Keyring:
    """Open the keyring named by `url`: memory://, sqlite:///path, postgresql://host/db[?schema=]."""
    scheme, _, rest = str(url).partition("://")
    scheme = scheme.lower()
    if scheme == "memory":
        return MemoryKeyring()
    if scheme in ("sqlite", "postgresql", "postgres", "postgresql+psycopg"):
        from .keyring_sql import SqlKeyring

        driver = "sqlite" if scheme == "sqlite" else "postgresql+psycopg"
        return SqlKeyring(f"{driver}://{rest}")
    raise UnknownKeyringURL(
        f"unknown keyring URL scheme {scheme!r}: use memory://, sqlite:///path or postgresql://..."
    )
