"""The notifications service's queries: read-your-writes reads of the inbox read model, and a
resident's preferences (read from their stream: always what they last chose)."""

from __future__ import annotations

from typing import Any

from notifications.domain.delivery import Preferences
from notifications.projections import queries
from notifications.service.errors import DOOR
from services.runtime import read_models
from services.runtime.doors import LIMIT, MAX_LIMIT

reading = read_models.reader(DOOR)


@DOOR.rpc
@DOOR.wrap
def inbox(
    service: Any,
    resident_id: str,
    unread: bool = False,
    cursor: str | None = None,
    limit: int = LIMIT,
    after: str | None = None,
) -> dict[str, Any]:
    """Newest first: {items: [notification], next_cursor}."""
    who = DOOR.uid(resident_id, "resident_id")
    with reading(service, after) as conn:
        return queries.page(
            conn, service.read.inbox, who, bool(unread), _cursor(cursor), DOOR.limit(limit)
        )


@DOOR.rpc
@DOOR.wrap
def unread_count(service: Any, resident_id: str, after: str | None = None) -> dict[str, Any]:
    """-> {count}."""
    who = DOOR.uid(resident_id, "resident_id")
    with reading(service, after) as conn:
        return {"count": queries.unread(conn, service.read.inbox, who)}


@DOOR.rpc
@DOOR.wrap
def since(
    service: Any, resident_id: str, seq: int | None = None, limit: int = MAX_LIMIT
) -> dict[str, Any]:
    """The live stream's read: {items after `seq` (oldest first), latest, unread}; without
    `seq`, no items, only where the inbox stands."""
    who = DOOR.uid(resident_id, "resident_id")
    with reading(service, None) as conn:
        t = service.read.inbox
        items = [] if seq is None else queries.since(conn, t, who, _seq(seq), DOOR.limit(limit))
        return {
            "items": items,
            "latest": queries.latest(conn, t, who),
            "unread": queries.unread(conn, t, who),
        }


@DOOR.rpc
@DOOR.wrap
def preferences(service: Any, resident_id: str, after: str | None = None) -> dict[str, Any]:
    """The resident's choices, every chosen type with both channels (read from their stream,
    which is always up to date: `after` has nothing to wait for)."""
    chosen: Preferences = service.handlers.preferences(DOOR.uid(resident_id, "resident_id"))
    return chosen.shown()


def _cursor(cursor: Any) -> int | None:
    if cursor is None:
        return None
    return _seq(cursor)


def _seq(value: Any) -> int:
    try:
        number = int(str(value))
    except ValueError:
        raise DOOR.invalid("a cursor is a number a page answered") from None
    if number < 0:
        raise DOOR.invalid("a cursor is a number a page answered")
    return number
