"""What a resident did with their inbox: stream `notifications.inbox-<resident_id>`.

Which notifications exist is the read model's to say (the door asks it before marking one);
the stream holds only the marks, and a mark already made is not made twice.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from contracts.notifications.events import AllNotificationsRead, InboxEvent, NotificationRead
from notifications.commands import InboxCommand, MarkAllRead, MarkRead


@dataclass(frozen=True)
class Marks:
    """`read`: the notifications marked read since the last "all read", as the integers of their
    ids, the keys of a dict made anew at each mark and never changed. The fold is remembered
    between commands (0072) with one id per mark: UUIDs, or a set, the cycle collector would
    walk at each full pass; a dict of integers it leaves alone (0076)."""

    read: Mapping[int, None] = field(default_factory=dict)
    all_up_to: datetime | None = None

    def marked(self, notification_id: uuid.UUID) -> bool:
        return notification_id.int in self.read


INITIAL = Marks()


def inbox_stream(resident_id: uuid.UUID) -> str:
    return f"notifications.inbox-{resident_id}"


def evolve(state: Marks, event: Any) -> Marks:
    match event:
        case NotificationRead():
            return Marks({**state.read, event.notification_id.int: None}, state.all_up_to)
        case AllNotificationsRead():
            return Marks({}, event.up_to)
    return state


def fold_inbox(events: Iterable[InboxEvent]) -> Marks:
    return functools.reduce(evolve, events, INITIAL)


def decide(command: InboxCommand, state: Marks) -> list[Any]:
    match command:
        case MarkRead():
            if state.marked(command.notification_id):
                return []
            return [NotificationRead(command.resident_id, command.notification_id, command.at)]
        case MarkAllRead():
            return [AllNotificationsRead(command.resident_id, command.at, command.at)]
