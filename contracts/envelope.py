"""Event metadata: who did it (actor) and why (correlation and causation ids)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import InvalidEventData

KEYS = ("correlation_id", "causation_id", "actor")


@dataclass(frozen=True)
class Metadata:
    """The metadata every event carries. Ids are strings; `causation_id` is None for an event that
    starts a conversation (a command from outside), otherwise the id of the message that caused it.

    `actor` is an id ("resident:<uuid>", "system:matching"), never a name or an address: metadata
    is stored in clear.
    """

    correlation_id: str
    causation_id: str | None
    actor: str

    def __post_init__(self) -> None:
        if not isinstance(self.correlation_id, str) or not self.correlation_id:
            raise InvalidEventData("metadata correlation_id must be a non-empty string")
        if self.causation_id is not None and (
            not isinstance(self.causation_id, str) or not self.causation_id
        ):
            raise InvalidEventData("metadata causation_id must be a non-empty string or None")
        if not isinstance(self.actor, str) or not self.actor:
            raise InvalidEventData("metadata actor must be a non-empty string")

    @classmethod
    def start(cls, actor: str, command_id: str | uuid.UUID | None = None) -> Metadata:
        """Metadata for the first event of a conversation; `command_id` becomes the causation and
        correlation id when the command has one."""
        root = str(command_id) if command_id is not None else str(uuid.uuid4())
        return cls(correlation_id=root, causation_id=root if command_id else None, actor=actor)

    @classmethod
    def caused_by(cls, event_id: str | uuid.UUID, correlation_id: str, actor: str) -> Metadata:
        """Metadata for an event caused by another message of the same conversation."""
        return cls(correlation_id=correlation_id, causation_id=str(event_id), actor=actor)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], strict: bool = True) -> Metadata:
        """Metadata from its stored form. `strict` refuses keys it does not know; readers pass
        False so that events written by newer code stay readable."""
        if strict and (unknown := sorted(set(data) - set(KEYS))):
            raise InvalidEventData(f"metadata has unknown keys {unknown}; allowed: {list(KEYS)}")
        return cls(
            correlation_id=data.get("correlation_id", ""),
            causation_id=data.get("causation_id"),
            actor=data.get("actor", ""),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "correlation_id": self.correlation_id,
            "causation_id": self.causation_id,
            "actor": self.actor,
        }
