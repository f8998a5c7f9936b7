"""The `Idempotency-Key` header of writes: a client that lost an answer retries with the same
key, and the gateway sends the same commands again, which the services handle once (their
event ids derive from the command id).

Without the header every command gets a fresh uuid4, as before. With it, a command's id is a
uuid5 over the gateway's namespace of: who asks (the resident, or the keyed hash of the
client's address for routes without a session), the route's method and path template, the key,
a fingerprint of what is asked (body, path values, query, uploaded bytes), and the purpose of the
command on that route ("declare", "letter", ...). So the same key from the same caller on the
same route with the same request repeats the same commands, and nothing else ever does: a key
reused for a different request makes new commands rather than answering the old one's result.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from services.gateway.http.errors import validation_failed

HEADER = "Idempotency-Key"
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Fixed forever: changing it would make retries across a deployment do their command twice.
NAMESPACE = uuid.UUID("6d1f4c0e-3b7a-5e42-9c1d-8a2f0b7e4d31")
VALID_KEY = re.compile(r"^[\x21-\x7e]{1,128}$")
KEY_RULE = "Pass 1 to 128 visible ASCII characters."


def idempotency_key(method: str, value: str | None) -> str | None:
    """The key of a write, if it carries one; a malformed key is refused (422)."""
    if method not in WRITES or value is None:
        return None
    if not VALID_KEY.match(value):
        raise validation_failed({HEADER: [KEY_RULE]})
    return value


@dataclass(frozen=True)
class CommandIds:
    """The command ids of one request: fresh ones without a key, derived ones with it."""

    scope: str | None = None  # what the ids derive from, without the purpose; None: no key

    def new(self, purpose: str = "") -> str:
        if self.scope is None:
            return str(uuid.uuid4())
        return str(uuid.uuid5(NAMESPACE, json.dumps([self.scope, purpose])))


def fingerprint(
    body: Mapping[str, Any],
    path: Mapping[str, Any],
    query: Mapping[str, Any],
    upload: bytes | None = None,
) -> str:
    """A digest of what a request asks for, the same for the same request however its JSON was
    laid out (keys sorted; loaded values such as UUIDs and dates by their text)."""
    asked = json.dumps([body, path, query], sort_keys=True, default=str)
    digest = hashlib.sha256(asked.encode())
    if upload is not None:
        digest.update(hashlib.sha256(upload).digest())
    return digest.hexdigest()


def command_ids(
    key: str | None, caller: str, method: str, path: str, asked: str = ""
) -> CommandIds:
    """`caller` says who asks ("resident:<id>" or "client:<keyed hash>"); `path` is the route's
    template, not the request's path; `asked` is the request's fingerprint. JSON keeps the parts
    apart whatever they hold."""
    if key is None:
        return CommandIds()
    return CommandIds(json.dumps([caller, method, path, key, asked]))
