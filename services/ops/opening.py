"""What the operators' commands open, as the services do (the same configuration variables):
the event store, the keyring and the codec over them, and how an operator's action is recorded
(an event whose actor is the operator, contracts/ops/events.py)."""

from __future__ import annotations

import importlib
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from contracts import Metadata, default_registry
from contracts.contexts import CONTEXTS
from services.eventstore import ANY, AppendResult, EventStore, connect_existing
from services.eventstore.codec import Codec
from services.eventstore.keyring import Keyring, connect_keyring
from services.runtime.config import Settings, load
from services.runtime.keys import derived_key, root_key
from services.subscriptions import Subscriber

from .identity_calls import operator_actor


@dataclass(frozen=True)
class Opened:
    settings: Settings
    store: EventStore
    keyring: Keyring
    codec: Codec

    @property
    def root_key(self) -> bytes:
        return root_key(self.settings)

    def checkpoint_key(self) -> bytes:
        """The key checkpoints are signed with: derived from the deployment's root key, which
        the event store's database does not hold."""
        return derived_key(self.root_key, "ops.checkpoints")

    def record(self, stream: str, event: object, handle: str) -> AppendResult:
        """Append an operator's action, the operator (`system:ops.<handle>`) as its actor."""
        metadata = Metadata.start(operator_actor(handle), uuid.uuid4())
        return self.store.append(stream, [self.codec.encode(event, metadata)], ANY)


@contextmanager
def opened() -> Iterator[Opened]:
    settings = load()
    store = connect_existing(settings.event_store)
    try:
        keyring = connect_keyring(settings.keyring)
    except BaseException:
        store.close()
        raise
    try:
        yield Opened(
            settings, store, keyring, Codec(default_registry(), keyring, root_key(settings))
        )
    finally:
        keyring.close()
        store.close()


# Where a context's packages live when it is not a top-level package of its own.
PACKAGES = {"ops": "services.ops"}


def context_modules(layer: str) -> Iterator[tuple[str, ModuleType]]:
    """Each context's `<context>.<layer>` package (domain, projections), where it has one."""
    for context in CONTEXTS:
        try:
            yield context, importlib.import_module(f"{PACKAGES.get(context, context)}.{layer}")
        except ModuleNotFoundError:
            continue


def exported(layer: str, name: str) -> dict[str, Any]:
    """Every context's `<layer>.<name>` table merged (FOLDS, READ_MODELS)."""
    merged: dict[str, Any] = {}
    for _context, module in context_modules(layer):
        merged.update(getattr(module, name, {}))
    return merged


def read_model(ops: Opened, service: str, name: str, codec: Codec | None = None) -> Subscriber:
    """The read model `name` of `service`, built as the service builds it (over `codec`, if
    given, rather than the operator's own)."""
    models = exported("projections", "READ_MODELS")
    if name not in models or not name.startswith(f"{service}."):
        known = ", ".join(sorted(n for n in models if n.startswith(f"{service}."))) or "none"
        raise LookupError(f"{service} has no read model {name} (it has: {known})")
    subscriber: Subscriber = models[name](codec or ops.codec, ops.root_key)
    return subscriber
