"""The ops service's composition root for Nameko: the operators' read model (learnt from
identity's events), the audit index (every event's lookup keys), and what a reading needs
(the event store, the codec opening personal data with the residents' keys, the keyring),
built from the container's config at start."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nameko.extensions import DependencyProvider

from services.eventstore import EventStore
from services.eventstore.codec import Codec
from services.eventstore.keyring import Keyring
from services.ops.projections import audit_index, operators
from services.runtime.codecs import codec
from services.runtime.platform import Platform
from services.runtime.read_models import ReadModelsHandle
from services.subscriptions import Subscriber


def subscribers(platform: Platform) -> tuple[Subscriber, ...]:
    return (operators.operators(codec(platform)), audit_index.audit_index())


class OpsReads(ReadModelsHandle):
    @property
    def operators(self) -> Any:
        return self.tables(operators.NAME)


@dataclass(frozen=True)
class Log:
    """The log as an operator reads it."""

    store: EventStore
    codec: Codec
    keyring: Keyring


class Reading(DependencyProvider):
    platform = Platform()

    def setup(self) -> None:
        self.log = Log(self.platform.store(), codec(self.platform), self.platform.keyring())

    def get_dependency(self, worker_ctx: Any) -> Log:
        return self.log
