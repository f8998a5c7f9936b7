"""The letter port: a verification code "posted" to a declared home address.

Until the notifications service takes postal letters over, the embedded adapter writes one
plain-text letter per file under `<data dir>/outbox/letters/`, for a person (or a print shop) to
post:

    box = FileLetterBox.in_data_dir(load().data_dir)
    code, salt = new_code(), new_salt()
    box.post(letter_id, resident_id, Recipient(line, postcode, city, "FR"), code)
    stored = hash_code(code, salt)  # only the hash and the salt are kept
    code_matches(typed, salt, stored)  # later, when the resident types it in
    box.discard(letter_id)  # once used, replaced, expired, or its resident erased

Codes are short enough to type, so they are low in entropy (10 characters from 31: about 49 bits).
They are stored only as a slow salted hash (scrypt, from the standard library: memory-hard, no
extra dependency, and it takes the caller's salt so the hash can travel in an event), and the
domain limits how many wrong codes it accepts before a new letter is needed.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from services.runtime.files import write_atomically

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: nothing to misread
CODE_LENGTH = 10
MIN_CODE_LENGTH = 8
_LETTER_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")
# 2**15 x 8 x 128 bytes = 32 MiB and about 0.1 s per check: costly to brute-force offline.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
_SCHEME = "scrypt"


class PostalAddress(Protocol):
    @property
    def line(self) -> str: ...
    @property
    def postcode(self) -> str: ...
    @property
    def city(self) -> str: ...
    @property
    def country(self) -> str: ...


@dataclass(frozen=True)
class Recipient:
    line: str
    postcode: str
    city: str
    country: str
    name: str = ""


class LetterError(Exception):
    """Base of the letter port's errors. Messages never quote an address or a code."""


class InvalidLetterId(LetterError, ValueError):
    pass


class LetterBoxUnavailable(LetterError):
    """The letters folder cannot be written."""


class _Chooser(Protocol):
    def choice(self, seq: Sequence[str], /) -> str: ...


def new_code(rng: _Chooser = secrets, length: int = CODE_LENGTH) -> str:
    if length < MIN_CODE_LENGTH:
        raise ValueError(f"a code has at least {MIN_CODE_LENGTH} characters")
    return "".join(rng.choice(CODE_ALPHABET) for _ in range(length))


def new_salt() -> str:
    return secrets.token_hex(16)


def canonical_code(typed: str) -> str:
    """What a resident typed, as it was printed: upper case, without spaces or dashes."""
    return re.sub(r"[\s-]+", "", typed).upper()


def hash_code(code: str, salt: bytes | str) -> str:
    """`scrypt$<n>$<r>$<p>$<hex>`: the parameters travel with the hash so they can be raised."""
    digest = _scrypt(canonical_code(code), salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"{_SCHEME}${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${digest.hex()}"


def code_matches(code: str, salt: bytes | str, stored: str) -> bool:
    try:
        scheme, n, r, p, expected = stored.split("$")
        if scheme != _SCHEME:
            return False
        digest = _scrypt(canonical_code(code), salt, int(n), int(r), int(p))
        return hmac.compare_digest(digest, bytes.fromhex(expected))
    except ValueError:
        return False


def _scrypt(code: str, salt: bytes | str, n: int, r: int, p: int) -> bytes:
    salt_bytes = salt.encode() if isinstance(salt, str) else salt
    memory = 128 * n * r * p + 1024 * 1024
    return hashlib.scrypt(code.encode(), salt=salt_bytes, n=n, r=r, p=p, maxmem=memory, dklen=32)


def letter_text(recipient: PostalAddress, code: str) -> str:
    name = recipient.name if isinstance(recipient, Recipient) else ""
    address = "\n".join(
        part
        for part in (
            name,
            recipient.line,
            f"{recipient.postcode} {recipient.city}".strip(),
            recipient.country,
        )
        if part
    )
    return (
        f"{address}\n\n"
        "Quartier - vérification de votre adresse / address verification\n\n"
        "Bonjour,\n"
        "Pour confirmer que vous habitez à cette adresse, saisissez ce code dans Quartier,\n"
        "rubrique « Mon adresse ». Si vous n'avez rien demandé, ignorez ce courrier.\n\n"
        "Hello,\n"
        "To confirm that you live at this address, enter this code in Quartier under\n"
        '"My address". If you did not ask for it, please ignore this letter.\n\n'
        f"Code: {code}\n\n"
        "L'équipe Quartier / The Quartier team\n"
    )


def check_letter_id(letter_id: str) -> str:
    if not isinstance(letter_id, str) or not _LETTER_ID.fullmatch(letter_id):
        raise InvalidLetterId(
            "a letter id is 1 to 128 letters, digits, '_', '.' or '-', not starting with a dot"
        )
    return letter_id


class FileLetterBox:
    """One `<letter_id>.txt` per letter, written atomically (a reader never sees half a letter)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    @classmethod
    def in_data_dir(cls, data_dir: str | Path) -> FileLetterBox:
        return cls(Path(data_dir) / "outbox" / "letters")

    def path_of(self, letter_id: str) -> Path:
        return self.folder / f"{check_letter_id(letter_id)}.txt"

    def post(self, letter_id: str, resident_id: str, recipient: PostalAddress, code: str) -> None:
        target = self.path_of(letter_id)
        if target.exists():
            return
        text = letter_text(recipient, code).encode("utf-8")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            # Two posts racing on one letter both write the same text; either copy is right.
            write_atomically(target, text)
        except OSError as exc:
            raise LetterBoxUnavailable(
                f"cannot write letters under {self.folder} ({exc.strerror or type(exc).__name__})"
            ) from None

    def discard(self, letter_id: str) -> None:
        path = self.path_of(letter_id)
        try:
            with path.open("r+b") as f:
                # Zeroed before unlinking, so that the file system's free blocks do not keep
                # the address where it overwrites in place (copy-on-write ones still may).
                f.write(bytes(path.stat().st_size))
                f.flush()
                os.fsync(f.fileno())
            path.unlink()
        except FileNotFoundError:
            return
        except OSError as exc:
            raise LetterBoxUnavailable(
                f"cannot delete letters under {self.folder} ({exc.strerror or type(exc).__name__})"
            ) from None

    def posted_before(self, moment: datetime) -> list[str]:
        limit = moment.timestamp()
        return [
            p.stem
            for p in sorted(self.folder.glob("*.txt"))
            if not p.name.startswith(".") and _mtime(p) < limit
        ]

    def posted_ids(self) -> list[str]:
        return sorted(p.stem for p in self.folder.glob("*.txt") if not p.name.startswith("."))

    def text_of(self, letter_id: str) -> str:
        return self.path_of(letter_id).read_text(encoding="utf-8")


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:  # discarded meanwhile: not before anything
        return float("inf")


@dataclass(frozen=True)
class PostedLetter:
    letter_id: str
    resident_id: str
    recipient: PostalAddress
    code: str
    text: str
    posted_at: datetime = field(default_factory=lambda: datetime.now(UTC))


class MemoryLetterBox:
    """Letters kept in a list, for tests."""

    def __init__(self) -> None:
        self._letters: dict[str, PostedLetter] = {}
        self._lock = threading.Lock()

    def post(self, letter_id: str, resident_id: str, recipient: PostalAddress, code: str) -> None:
        check_letter_id(letter_id)
        with self._lock:
            if letter_id not in self._letters:
                text = letter_text(recipient, code)
                self._letters[letter_id] = PostedLetter(
                    letter_id, resident_id, recipient, code, text
                )

    def discard(self, letter_id: str) -> None:
        check_letter_id(letter_id)
        with self._lock:
            self._letters.pop(letter_id, None)

    def posted_before(self, moment: datetime) -> list[str]:
        with self._lock:
            return sorted(i for i, x in self._letters.items() if x.posted_at < moment)

    @property
    def letters(self) -> list[PostedLetter]:
        with self._lock:
            return list(self._letters.values())

    def posted_ids(self) -> list[str]:
        with self._lock:
            return sorted(self._letters)

    def text_of(self, letter_id: str) -> str:
        with self._lock:
            return self._letters[letter_id].text
