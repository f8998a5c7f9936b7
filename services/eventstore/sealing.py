"""Sealing one personal value with AES-GCM, and the keyed-HMAC pseudonym analysts see instead.

A sealed value is `{"$pii": "<base64 of nonce + ciphertext>"}`, readable only with the subject's
key and only where it was written (same event type, field and subject).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MARKER = "$pii"
NONCE_BYTES = 12


def is_sealed(value: object) -> bool:
    return isinstance(value, dict) and len(value) == 1 and MARKER in value


def aad(event_type: str, field: str, subject: str) -> bytes:
    # Binding the ciphertext to where it belongs stops it being replayed into another field,
    # event type or person.
    return json.dumps(["quartier.pii/1", event_type, field, subject]).encode()


def seal(key: bytes, associated: bytes, value: Any) -> dict[str, str]:
    """Raises ValueError or TypeError (quoting the value: do not show) for a non-JSON value."""
    plain = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    # A random 96-bit nonce is safe for far more values than one person will ever have.
    nonce = os.urandom(NONCE_BYTES)
    sealed = nonce + AESGCM(key).encrypt(nonce, plain.encode(), associated)
    return {MARKER: base64.b64encode(sealed).decode("ascii")}


def unseal(key: bytes, associated: bytes, sealed: dict[str, Any]) -> Any:
    """Raises cryptography's InvalidTag or ValueError when the value was altered or moved."""
    token = sealed[MARKER]
    if not isinstance(token, str):
        raise ValueError("not a sealed value")
    blob = base64.b64decode(token, validate=True)
    return json.loads(AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], associated))


def pseudonym(key: bytes, subject: str, field: str, value: Any) -> str:
    """The same (subject, field, value) always gives the same pseudonym under one key."""
    message = json.dumps([subject, field, value], sort_keys=True, ensure_ascii=False)
    return "psn_" + hmac.new(key, message.encode(), hashlib.sha256).hexdigest()[:32]
