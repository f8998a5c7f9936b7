"""Identity's composition root for Nameko: the handlers with their adapters, and the read model,
built from the container's config when the service starts (nothing at import).

Adapters: event store, keyring and read-model database from the platform (one per container);
the BAN geocoder on the read-model database, its demo extract loaded when the table is empty;
letters under <data dir>/outbox/letters/; proof documents under <data dir>/uploads/proofs/;
argon2 passwords; the sign-in limiter's counters in the read-model database.

Keys come from the relay's source of the pseudonym key (QUARTIER_PSEUDONYM_KEY, else
<data dir>/pseudonym.key), so every process of a deployment derives the same ones.
"""

from __future__ import annotations

import functools
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from eventlet import tpool
from nameko.extensions import DependencyProvider

from identity import policies
from identity.adapters.ban import BanGeocoder, load_if_empty
from identity.adapters.documents import FileProofStore
from identity.adapters.letters import FileLetterBox, hash_code, new_code
from identity.adapters.passwords import PasswordHasher
from identity.adapters.ratelimit import SignInLimiter, SqlAttemptStore
from identity.handlers import IdentityHandlers
from identity.projections import residents as projections
from services.runtime.codecs import codec
from services.runtime.keys import derived_key, pseudonym_key, root_key
from services.runtime.platform import Platform
from services.runtime.read_models import ReadModels, ReadModelsHandle

log = logging.getLogger("quartier.identity")
CORRELATION_KEY = "correlation_id"
"""The worker context data key under which a caller hands in the correlation id of its request."""


class ThreadedPasswords:
    """argon2 spends ~50 ms of CPU and 64 MiB per hash: on an OS thread, so that the other
    workers of the service (and its subscriptions) keep running meanwhile."""

    def __init__(self, hasher: PasswordHasher) -> None:
        self._hasher = hasher

    def hash(self, password: str) -> str:
        return tpool.execute(self._hasher.hash, password)  # type: ignore[no-any-return]

    def verify_or_dummy(self, stored: str | None, password: str) -> bool:
        return tpool.execute(self._hasher.verify_or_dummy, stored, password)  # type: ignore[no-any-return]


def _threaded_hash_code(code: str, salt: str) -> str:
    # scrypt with n=2**15 holds the hub for tens of milliseconds: same reason as above.
    return tpool.execute(hash_code, code, salt)  # type: ignore[no-any-return]


class Handlers(DependencyProvider):
    """IdentityHandlers over the adapters of this deployment; each worker gets them correlated
    with its caller's `correlation_id` context data (the events it appends carry that id)."""

    platform = Platform()

    def setup(self) -> None:
        platform = self.platform
        store, engine, keyring = platform.store(), platform.engine(), platform.keyring()
        loaded = load_if_empty(engine)
        if loaded is not None:
            log.info("address base: %d demo addresses loaded", loaded.loaded)
        data_dir = platform.settings.data_dir
        pepper = derived_key(root_key(platform.settings), "identity.sign-in")
        self.handlers = IdentityHandlers(
            store,
            codec(platform),
            keyring,
            lambda: datetime.now(UTC),
            ThreadedPasswords(PasswordHasher()),
            SignInLimiter(SqlAttemptStore(engine), pepper=pepper),
            BanGeocoder(engine),
            FileLetterBox.in_data_dir(data_dir),
            FileProofStore.in_data_dir(data_dir, keyring),
            new_code=new_code,
            hash_code=_threaded_hash_code,
        )

    def get_dependency(self, worker_ctx: Any) -> IdentityHandlers:
        # Nameko carries a caller's worker context data in the RPC message headers
        # ("nameko.<key>") into this worker's: the gateway puts its request id there.
        return self.handlers.correlated(worker_ctx.data.get(CORRELATION_KEY))


# Queries read the residents' read model; the orphan-claim policy is never waited for.
QUERIED = (projections.NAME,)


def subscribers(platform: Platform) -> tuple[Any, ...]:
    """The read model and the orphan-claim policy: they need the keyring and the e-mail lookup
    key, which only the container's config names."""
    opened = codec(platform)
    return (
        projections.read_model(opened, lookup_key(platform)),
        policies.orphan_claims(opened),
    )


def lookup_key(platform: Platform) -> bytes:
    """The e-mail lookup key of this deployment, derived once per process (the root key may be
    read from a file)."""
    settings = platform.settings
    return _lookup_key(settings.pseudonym_key or None, settings.data_dir)


@functools.cache
def _lookup_key(configured: str | None, data_dir: Path) -> bytes:
    return projections.email_lookup_key(pseudonym_key(configured, data_dir))


class IdentityReads(ReadModelsHandle):
    """What identity's queries see besides the engine: the read model's tables now, and the
    keyed hash an e-mail is looked up by."""

    def __init__(self, provider: ReadModels) -> None:
        super().__init__(provider)
        self._lookup_key = lookup_key(provider.platform)

    @property
    def tables_now(self) -> Any:
        return self.tables(projections.NAME)

    def email_hash(self, email: str) -> str:
        return projections.email_hash(self._lookup_key, email)
