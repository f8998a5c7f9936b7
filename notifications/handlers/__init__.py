"""The notifications context's command handlers: {command type: aggregate} run by the
platform's one command loop (services/eventstore/handling.py), which retries on conflict and
answers a repeated command as its first attempt did.

    handlers = NotificationHandlers(store, codec, clock)
    position = handlers.run(MarkAllRead(command_id, resident_id, handlers.clock())).position
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, get_args

from contracts.envelope import Metadata
from notifications.commands import InboxCommand, PreferenceCommand
from notifications.domain import inbox, preferences
from notifications.domain.delivery import Preferences
from services.eventstore.handling import Outcome
from services.runtime.aggregates import Aggregate, Timed

PREFERENCES = Aggregate(
    lambda c: preferences.preferences_stream(c.resident_id),
    preferences.INITIAL,
    preferences.evolve,
    preferences.decide,
)
# A resident's inbox stream gains a mark at every notification read, for good, and each mark
# reads it: its fold (ids and a date) is remembered between commands (docs/decisions/0072, 0076).
INBOX = Aggregate(
    lambda c: inbox.inbox_stream(c.resident_id),
    inbox.INITIAL,
    inbox.evolve,
    inbox.decide,
    remembered=True,
)
HANDLERS: dict[type[Any], Aggregate] = {
    **{command: PREFERENCES for command in get_args(PreferenceCommand)},
    **{command: INBOX for command in get_args(InboxCommand)},
}


@dataclass(frozen=True)
class Settings:
    """Nothing to tune in the commands themselves."""


class NotificationHandlers(Timed[Settings]):
    """Every notifications command, run as the resident it is about."""

    handlers = HANDLERS
    defaults = Settings

    def execute(self, command: Any) -> Outcome:
        actor = f"resident:{command.resident_id}"
        return self.run(command, command.command_id, Metadata.start(actor, command.command_id))

    def preferences(self, resident_id: uuid.UUID) -> Preferences:
        """The resident's preferences as their stream says now."""
        return preferences.fold_preferences(
            self.read(preferences.preferences_stream(resident_id))[1]
        )
