"""The notifications service's queries: read-your-writes reads of the inbox read model, and a
resident's preferences (read from their stream: always what they last chose)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
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
    shown_cursor = _cursor(cursor)
    with reading(service, after) as conn, _read_cursor():
        return queries.page(
            conn, service.read.inbox, who, bool(unread), shown_cursor, DOOR.limit(limit)
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
    service: Any,
    resident_id: str,
    cursor: str | None = None,
    limit: int = MAX_LIMIT,
) -> dict[str, Any]:
    """The live stream's read: {items after `cursor` (oldest first), after (the cursor they
    follow), latest (the newest one's cursor), unread}. Without a cursor, or with one that names
    none of the resident's notifications (the stream then resumes from now), no items and
    `after` is `latest`."""
    who = DOOR.uid(resident_id, "resident_id")
    given = _cursor(cursor)
    with reading(service, None) as conn:
        t = service.read.inbox
        latest = queries.latest(conn, t, who)
        items: list[dict[str, Any]] = []
        if given is not None:
            try:
                items = queries.since(conn, t, who, given, DOOR.limit(limit))
            except queries.UnknownCursor:
                given = None
        return {
            "items": items,
            "after": latest if given is None else given,
            "latest": latest,
            "unread": queries.unread(conn, t, who),
        }


@DOOR.rpc
@DOOR.wrap
def preferences(service: Any, resident_id: str, after: str | None = None) -> dict[str, Any]:
    """The resident's choices, every chosen type with both channels (read from their stream,
    which is always up to date: `after` has nothing to wait for)."""
    chosen: Preferences = service.handlers.preferences(DOOR.uid(resident_id, "resident_id"))
    return chosen.shown()


CURSOR = "a cursor is one that a page or the live stream handed out"


def _cursor(cursor: Any) -> str | None:
    if cursor is None:
        return None
    text = str(cursor)
    if not 1 <= len(text) <= 36:
        raise DOOR.invalid(CURSOR)
    return text


@contextmanager
def _read_cursor() -> Iterator[None]:
    try:
        yield
    except queries.UnknownCursor:
        raise DOOR.invalid(CURSOR) from None
