"""Matching's composition root for Nameko: the connections' handlers over the platform's event
store, the read models and the connecting policy, built from the container's config when the
service starts (nothing at import).

What this context knows of residents and memberships it learns from identity's and
neighbourhoods' events only (projections/contacts.py); the codec opens identity's events with
the residents' keys (the platform's keyring).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from nameko.extensions import DependencyProvider

from matching.handlers.connections import ConnectionStreams
from matching.policies import connecting
from matching.projections import connections, contacts
from services.runtime.codecs import codec
from services.runtime.platform import Platform
from services.runtime.read_models import ReadModelsHandle

# The policy is never waited for: a query never depends on it.
QUERIED = (contacts.NAME, connections.NAME)


def streams(platform: Platform) -> ConnectionStreams:
    return ConnectionStreams(platform.store(), codec(platform), lambda: datetime.now(UTC))


class Handlers(DependencyProvider):
    """The connections' and blocks' commands over this deployment's event store."""

    platform = Platform()

    def setup(self) -> None:
        self.streams = streams(self.platform)

    def get_dependency(self, worker_ctx: Any) -> ConnectionStreams:
        return self.streams


def subscribers(platform: Platform) -> tuple[Any, ...]:
    """The read models and the connecting policy."""
    opened = codec(platform)
    return (
        contacts.contacts(opened),
        connections.read_model(opened),
        connecting.connecting(opened, streams(platform)),
    )


class MatchingReads(ReadModelsHandle):
    """What matching's queries see besides the engine: each read model's tables now."""

    @property
    def contacts(self) -> Any:
        return self.tables(contacts.NAME)

    @property
    def connections(self) -> Any:
        return self.tables(connections.NAME)
