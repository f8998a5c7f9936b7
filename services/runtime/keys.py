"""The platform's pseudonym key: analysts' pseudonyms (relay) and the keyed lookups of read models
(identity) derive from it, so every process of a deployment must read the same one."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .config import Settings

KEY_FILE = "pseudonym.key"
KEY_BYTES = 32


def pseudonym_key(configured: str | None, data_dir: Path) -> bytes:
    """The configured key, else the one kept in <data dir>/pseudonym.key, made on first use.

    The same key must serve every run: with another one, every pseudonym changes and analysts
    can no longer follow a subject across the stream.
    """
    if configured:
        key = bytes.fromhex(configured.strip())
        if len(key) < KEY_BYTES:
            raise ValueError(f"QUARTIER_PSEUDONYM_KEY must be at least {KEY_BYTES} bytes of hex")
        return key
    path = data_dir / KEY_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        # Written whole under a temporary name, then linked: two relays starting together end
        # up with the same key, and no reader ever sees a half-written file.
        tmp = data_dir / f".{KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(KEY_BYTES) + "\n")
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    key = bytes.fromhex(path.read_text().strip())
    if len(key) < KEY_BYTES:
        raise ValueError(f"{path} holds no valid pseudonym key")
    return key


def root_key(settings: Settings) -> bytes:
    """The pseudonym key these settings name (QUARTIER_PSEUDONYM_KEY, else the data directory's)."""
    return pseudonym_key(settings.pseudonym_key or None, settings.data_dir)


def derived_key(root: bytes, purpose: str) -> bytes:
    """A key of its own for `purpose` ("<context>.<use>", e.g. "identity.sign-in"): one leaked
    key then reveals nothing of the others, nor of `root`."""
    return hmac.new(root, f"quartier.{purpose}".encode(), hashlib.sha256).digest()
