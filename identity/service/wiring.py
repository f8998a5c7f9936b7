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

import logging
from datetime import UTC, datetime
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
from services.runtime.keys import derived_key, root_key
from services.runtime.platform import Platform
from services.runtime.subscriptions import Subscriptions, SubscriptionsHandle

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


class ReadModels(Subscriptions):
    """The read model and the orphan-claim policy kept caught up (Subscriptions), their
    subscribers built at setup: they need the keyring and the e-mail lookup key, which only the
    container's config names."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)

    def setup(self) -> None:
        self.lookup_key = projections.email_lookup_key(root_key(self.platform.settings))
        opened = codec(self.platform)
        self.subscribers = (
            projections.read_model(opened, self.lookup_key),
            policies.orphan_claims(opened),
        )
        super().setup()

    def get_dependency(self, worker_ctx: Any) -> ReadModelsHandle:
        return ReadModelsHandle(self)


class ReadModelsHandle(SubscriptionsHandle):
    def __init__(self, provider: ReadModels) -> None:
        super().__init__(provider)
        self._lookup_key = provider.lookup_key
        self.engine = provider.platform.engine()

    @property
    def tables_now(self) -> Any:
        return self.tables(projections.NAME)

    def email_hash(self, email: str) -> str:
        return projections.email_hash(self._lookup_key, email)
