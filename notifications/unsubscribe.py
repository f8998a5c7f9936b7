"""One-click unsubscribe links (RFC 8058): a token naming a resident and a notification type,
signed with a key derived from the deployment's root key. Nothing is stored: the link works
without signing in, for that resident and that type only, and cannot be forged for another."""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid
from dataclasses import dataclass

from contracts.notifications.types import CHOSEN

PURPOSE = "notifications.unsubscribe"
MAC_BYTES = 16


@dataclass(frozen=True)
class Unsubscription:
    resident_id: uuid.UUID
    type: str


class Tokens:
    def __init__(self, key: bytes) -> None:
        self._key = key

    def token(self, resident_id: uuid.UUID, kind: str) -> str:
        body = resident_id.bytes + bytes([CHOSEN.index(kind)])
        return _b64(body + self._mac(body))

    def read(self, token: str) -> Unsubscription | None:
        """Who and what the token names; None for one that is malformed or forged."""
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        except (ValueError, TypeError):
            return None
        body, mac = raw[:17], raw[17:]
        if len(raw) != 17 + MAC_BYTES or not hmac.compare_digest(mac, self._mac(body)):
            return None
        if body[16] >= len(CHOSEN):
            return None
        return Unsubscription(uuid.UUID(bytes=body[:16]), CHOSEN[body[16]])

    def _mac(self, body: bytes) -> bytes:
        return hmac.new(self._key, body, hashlib.sha256).digest()[:MAC_BYTES]


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")
