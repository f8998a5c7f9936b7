"""What contract tests of read models share: fresh read-model databases of one kind, and
identity's real handlers over in-memory adapters, recording residents' events on a memory store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

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
from services.subscriptions import connect_database
from tests.conftest import drop_schema, fresh_postgres_url


def open_databases(kind: str, tmp_path: Path) -> Iterator[Callable[[], sa.Engine]]:
    """Yields a function opening fresh read-model databases of `kind` ("sqlite" or
    "postgres"); every one is disposed of (and its schema dropped) afterwards."""
    opened: list[tuple[sa.Engine, str]] = []

    def open_one() -> sa.Engine:
        if kind == "sqlite":
            url = f"sqlite:///{tmp_path}/read-{len(opened)}.db"
        else:
            url = fresh_postgres_url()
        engine = connect_database(url)
        opened.append((engine, url))
        return engine

    yield open_one
    for engine, url in opened:
        engine.dispose()
        if kind == "postgres":
            drop_schema(url)


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
