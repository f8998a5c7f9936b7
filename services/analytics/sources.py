"""The log an analyst's command reads, opened from the platform's configuration (the same
variables as `make run`): the event store, and a codec that pseudonymises with the relay's key,
so that an export's pseudonyms are the analytics stream's."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from contracts import default_registry
from contracts.registry import Registry
from services.eventstore import EventStore, connect_existing
from services.eventstore.codec import Codec
from services.eventstore.keyring import Keyring, connect_keyring
from services.runtime.config import Settings, load
from services.runtime.keys import root_key


@dataclass(frozen=True)
class Log:
    store: EventStore
    codec: Codec
    registry: Registry


class KeptKeys:
    """The keyring as a long read sees it: each subject's key asked once (an export asks for
    the same residents' keys millions of times), at most SUBJECTS of them kept, so that memory
    stays flat. A subject erased while the export runs may still be pseudonymised by it: never
    shown in clear either way."""

    SUBJECTS = 100_000

    def __init__(self, keyring: Keyring) -> None:
        self._keyring = keyring
        self.get = functools.lru_cache(maxsize=self.SUBJECTS)(keyring.get)
        self.is_erased = functools.lru_cache(maxsize=self.SUBJECTS)(keyring.is_erased)

    def keys(self, subjects: Collection[str]) -> dict[str, bytes | None]:
        found: dict[str, bytes | None] = {}
        for subject in subjects:
            key = self.get(subject)
            if key is not None or self.is_erased(subject):
                found[subject] = key
        return found

    def key_for(self, subject: str) -> bytes:
        raise TypeError("an analyst's command reads the log; it seals nothing")

    def erase(self, subject: str) -> None:
        raise TypeError("an analyst's command reads the log; it erases nothing")

    def close(self) -> None:
        self._keyring.close()


@contextlib.contextmanager
def opened_log(settings: Settings | None = None) -> Iterator[Log]:
    settings = settings or load()
    registry = default_registry()
    store = connect_existing(settings.event_store)
    keyring = connect_keyring(settings.keyring)
    try:
        yield Log(store, Codec(registry, KeptKeys(keyring), root_key(settings)), registry)
    finally:
        store.close()
        keyring.close()
