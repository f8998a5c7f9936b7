"""What contract tests of read models share: identity's real handlers over in-memory adapters,
recording residents' events on a memory store (fresh read-model databases: read_models.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from contracts import default_registry
from identity.adapters.documents import MemoryProofStore
from identity.adapters.geocoder import DEMO_CSV, MemoryGeocoder
from identity.adapters.letters import MemoryLetterBox, hash_code, new_code
from identity.adapters.passwords import PasswordHasher
from identity.adapters.ratelimit import MemoryAttemptStore, SignInLimiter
from identity.handlers import IdentityHandlers
from services.eventstore import EventStore, connect
from services.eventstore.codec import Codec
from services.eventstore.keyring import MemoryKeyring


@dataclass
class MemoryIdentity:
    store: EventStore
    keyring: MemoryKeyring
    codec: Codec
    letters: MemoryLetterBox
    handlers: IdentityHandlers


def memory_identity(pseudonym_key: bytes) -> MemoryIdentity:
    """Identity's handlers with cheap password hashing, the demo address base and letters kept
    in memory (their codes readable by the test)."""
    store = connect("memory://")
    keyring = MemoryKeyring()
    codec = Codec(default_registry(), keyring, pseudonym_key)
    letters = MemoryLetterBox()
    handlers = IdentityHandlers(
        store,
        codec,
        keyring,
        lambda: datetime.now(UTC),
        PasswordHasher(time_cost=1, memory_cost=8, parallelism=1),
        SignInLimiter(MemoryAttemptStore()),
        MemoryGeocoder.from_ban_csv(DEMO_CSV),
        letters,
        MemoryProofStore(keyring),
        new_code=new_code,
        hash_code=hash_code,
    )
    return MemoryIdentity(store, keyring, codec, letters, handlers)
