"""What the integration tests' RPC calls share: a fresh command id per command, as a client
makes one, and the password every test resident signs up with."""

from __future__ import annotations

import uuid

PASSWORD = "a long enough passphrase"


def cid() -> str:
    return str(uuid.uuid4())
