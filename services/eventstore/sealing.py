"""Sealing one personal value with AES-GCM, and the keyed-HMAC pseudonym analysts see instead.

A sealed value is `{"$pii": "<base64 of nonce + ciphertext>"}`, readable only with the subject's
key and only where it was written (same event type, field and subject).
"""

from __future__ import annotations

import base64
import binascii
import functools
import hmac
import json
import os
import uuid
from json.encoder import encode_basestring, encode_basestring_ascii
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MARKER = "$pii"
NONCE_BYTES = 12


def is_sealed(value: object) -> bool:
    return isinstance(value, dict) and len(value) == 1 and MARKER in value


def aad(event_type: str, field: str, subject: str) -> bytes:
    # Binding the ciphertext to where it belongs stops it being replayed into another field,
    # event type or person. The bytes are json.dumps(["quartier.pii/1", type, field, subject]),
    # their head kept per type and field: a rebuild opens millions of values of a few fields.
    return (_aad_head(event_type, field) + encode_basestring_ascii(subject) + "]").encode()


@functools.cache
def _aad_head(event_type: str, field: str) -> str:
    return json.dumps(["quartier.pii/1", event_type, field])[:-1] + ", "


def seal(key: bytes, associated: bytes, value: Any) -> dict[str, str]:
    """Raises ValueError or TypeError (quoting the value: do not show) for a non-JSON value."""
    plain = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    # A random 96-bit nonce is safe for far more values than one person will ever have.
    nonce = os.urandom(NONCE_BYTES)
    sealed = nonce + AESGCM(key).encrypt(nonce, plain.encode(), associated)
    return {MARKER: base64.b64encode(sealed).decode("ascii")}


def opener(key: bytes) -> AESGCM:
    """The cipher `unseal` opens values with, made once for all of one subject's values."""
    return AESGCM(key)


def unseal(key: bytes | AESGCM, associated: bytes, sealed: dict[str, Any]) -> Any:
    """Raises cryptography's InvalidTag or ValueError when the value was altered or moved."""
    token = sealed[MARKER]
    if not isinstance(token, str):
        raise ValueError("not a sealed value")
    blob = binascii.a2b_base64(token, strict_mode=True)
    cipher = key if isinstance(key, AESGCM) else AESGCM(key)
    # Sealed as UTF-8 (seal): decoding it as such skips json's guess at the encoding.
    return plain_json(cipher.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], associated).decode())


_DECODER = json.JSONDecoder()


def plain_json(text: str) -> Any:
    """json.loads(text), read straight by the decoder when nothing surrounds the value (as seal
    writes it): json.loads' own look for whitespace around it cost more than the value's read."""
    try:
        value, end = _DECODER.raw_decode(text)
    except ValueError:
        return json.loads(text)
    return value if end == len(text) else json.loads(text)


# json.dumps(..., sort_keys=True, ensure_ascii=False) builds an encoder per call: one is kept.
_PSEUDONYM_TEXT = json.JSONEncoder(sort_keys=True, ensure_ascii=False)


def stream_pseudonym(key: bytes, category: str, stream: str) -> str:
    """`stream` (of `category`) with its id replaced by a stable pseudonym of the same shape, a
    UUID: for a stream whose id is derived from personal data, which anyone could derive again
    from a known value (identity.email-<uuid5(e-mail address)>)."""
    digest = hmac.digest(key, f"stream:{stream}".encode(), "sha256")
    return f"{category}-{uuid.UUID(bytes=digest[:16])}"


def pseudonym(key: bytes, subject: str, field: str, value: Any) -> str:
    """The same (subject, field, value) always gives the same pseudonym under one key."""
    if isinstance(value, str) and isinstance(subject, str) and isinstance(field, str):
        # What the encoder writes for three strings, without its set-up for each call.
        message = "[" + ", ".join(map(encode_basestring, (subject, field, value))) + "]"
    else:
        message = _PSEUDONYM_TEXT.encode([subject, field, value])
    # hmac.digest is OpenSSL's one-shot HMAC: the same digest as hmac.new(...).digest(), without
    # the two hash objects hmac.new sets up in Python for every value of a relay's batch.
    return "psn_" + hmac.digest(key, message.encode(), "sha256").hex()[:32]
