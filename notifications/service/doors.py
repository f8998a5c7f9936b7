"""The notifications service's command doors: marking read, choosing preferences, and the
one-click unsubscribe of an e-mail's link."""

from __future__ import annotations

from typing import Any

from notifications.commands import ChangePreferences, MarkAllRead, MarkRead, Unsubscribe
from notifications.domain.errors import (
    InvalidQuietHours,
    InvalidUnsubscribeLink,
    UnknownNotification,
)
from notifications.projections import queries
from notifications.service.errors import DOOR
from notifications.service.queries import reading
from services.runtime.command_door import command_door
from services.runtime.doors import done


def _run(handlers: Any, command: Any, _actor: Any) -> str | None:
    return handlers.execute(command).position  # type: ignore[no-any-return]


mark_all_read = command_door(
    DOOR, MarkAllRead, "mark_all_read", actor="resident_id", run=_run, doc="-> {position}."
)


@DOOR.rpc
@DOOR.wrap
def mark_read(
    service: Any, command_id: str, resident_id: str, notification_id: str, after: str | None = None
) -> dict[str, Any]:
    """Mark one of my notifications read. -> {position}. unknown_notification."""
    who = DOOR.uid(resident_id, "resident_id")
    which = DOOR.uid(notification_id, "notification_id")
    with reading(service, after) as conn:
        if not queries.exists(conn, service.read.inbox, who, which):
            raise UnknownNotification("no such notification")
    handlers = service.handlers
    command = MarkRead(DOOR.uid(command_id, "command_id"), who, which, handlers.clock())
    return done(handlers.execute(command).position)


@DOOR.rpc
@DOOR.wrap
def change_preferences(
    service: Any,
    command_id: str,
    resident_id: str,
    types: dict[str, Any],
    email_frequency: str,
    digest_hour: int,
    quiet_hours: dict[str, Any] | None,
    time_zone: str,
) -> dict[str, Any]:
    """The whole choice at once. -> {position}. unknown_notification_type, invalid_digest_hour,
    invalid_quiet_hours, invalid_time_zone."""
    if not isinstance(types, dict):
        raise DOOR.invalid("types must be an object")
    if not isinstance(digest_hour, int) or isinstance(digest_hour, bool):
        raise DOOR.invalid("digest_hour must be a whole number")
    start = end = None
    if quiet_hours is not None:
        if not isinstance(quiet_hours, dict):
            raise InvalidQuietHours("quiet hours need a start and an end")
        start, end = quiet_hours.get("start"), quiet_hours.get("end")
        if not isinstance(start, str) or not isinstance(end, str):
            raise InvalidQuietHours("quiet hours need a start and an end")
    handlers = service.handlers
    command = ChangePreferences(
        DOOR.uid(command_id, "command_id"),
        DOOR.uid(resident_id, "resident_id"),
        types,
        DOOR.text(email_frequency, "email_frequency", 20),
        digest_hour,
        start,
        end,
        DOOR.text(time_zone, "time_zone", 64),
        handlers.clock(),
    )
    return done(handlers.execute(command).position)


@DOOR.rpc
@DOOR.wrap
def unsubscription(service: Any, token: str) -> dict[str, Any]:
    """What an unsubscribe link stops: {type, email}: whether that e-mail is still on.
    invalid_unsubscribe_link."""
    found = service.mailing.tokens.read(DOOR.text(token, "token", 200))
    if found is None:
        raise InvalidUnsubscribeLink("not a valid link")
    prefs = service.handlers.preferences(found.resident_id)
    return {"type": found.type, "email": prefs.wants(found.type, "email")}


@DOOR.rpc
@DOOR.wrap
def unsubscribe(service: Any, command_id: str, token: str) -> dict[str, Any]:
    """One click: no more e-mail of the link's type. -> {type, position}.
    invalid_unsubscribe_link."""
    found = service.mailing.tokens.read(DOOR.text(token, "token", 200))
    if found is None:
        raise InvalidUnsubscribeLink("not a valid link")
    handlers = service.handlers
    command = Unsubscribe(
        DOOR.uid(command_id, "command_id"), found.resident_id, found.type, handlers.clock()
    )
    return {"type": found.type, **done(handlers.execute(command).position)}
