"""What a resident did with their inbox: stream `notifications.inbox-<resident_id>`.

Which notifications exist is the read model's to say (the door asks it before marking one);
the stream holds only the marks, and a mark already made is not made twice.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from contracts.notifications.events import AllNotificationsRead, InboxEvent, NotificationRead
from notifications.commands import InboxCommand, MarkAllRead, MarkRead


@dataclass(frozen=True)
class Marks:
    read: frozenset[uuid.UUID] = frozenset()
    all_up_to: datetime | None = None


INITIAL = Marks()


def inbox_stream(resident_id: uuid.UUID) -> str:
    return f"notifications.inbox-{resident_id}"


def evolve(state: Marks, event: Any) -> Marks:
    match event:
        case NotificationRead():
            return Marks(state.read | {event.notification_id}, state.all_up_to)
        case AllNotificationsRead():
            return Marks(frozenset(), event.up_to)
    return state


def fold_inbox(events: Iterable[InboxEvent]) -> Marks:
    return functools.reduce(evolve, events, INITIAL)


def decide(command: InboxCommand, state: Marks) -> list[Any]:
    match command:
        case MarkRead():
            if command.notification_id in state.read:
                return []
            return [NotificationRead(command.resident_id, command.notification_id, command.at)]
        case MarkAllRead():
            return [AllNotificationsRead(command.resident_id, command.at, command.at)]
