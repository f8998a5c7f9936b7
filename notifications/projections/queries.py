"""What the inbox answers: a resident's notifications, newest first by pages, the unread count,
and the ones after a given one (for the live stream).

A cursor (a page's `next_cursor`, the live stream's event id) is a notification's id, not its
number in the table: the numbers are the table's own (a rebuild numbers the same rows again, with
no gaps where the live table had them), while a notification's id is derived from its event and
is the same in every build. A number handed out before is still read as one."""

from __future__ import annotations

import json
import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from notifications import links
from services.subscriptions.columns import iso

# The cursor before the first notification: the stream of an empty inbox resumes from it.
BEFORE_ALL = "0"


class UnknownCursor(ValueError):
    """A cursor that names no notification of this resident's."""


def shown(row: Any) -> dict[str, Any]:
    params = json.loads(row.params)
    return {
        "notification_id": row.notification_id,
        "seq": int(row.seq),
        "type": row.type,
        "params": params,
        "link": links.path(row.type, params),
        "read": bool(row.read),
        "created_at": iso(row.created_at),
    }


def page(
    conn: Connection,
    t: Any,
    resident_id: uuid.UUID,
    unread: bool,
    cursor: str | None,
    limit: int,
) -> dict[str, Any]:
    i = t.inbox
    query = sa.select(i).where(i.c.recipient_id == str(resident_id))
    if unread:
        query = query.where(i.c.read.is_(False))
    if cursor is not None:
        query = query.where(i.c.seq < number(conn, t, resident_id, cursor))
    rows = conn.execute(query.order_by(i.c.seq.desc()).limit(limit + 1)).all()
    items = [shown(r) for r in rows[:limit]]
    more = len(rows) > limit
    return {"items": items, "next_cursor": items[-1]["notification_id"] if more else None}


def unread(conn: Connection, t: Any, resident_id: uuid.UUID) -> int:
    i = t.inbox
    counted = conn.execute(
        sa.select(sa.func.count())
        .select_from(i)
        .where(i.c.recipient_id == str(resident_id), i.c.read.is_(False))
    )
    return int(counted.scalar() or 0)


def since(
    conn: Connection, t: Any, resident_id: uuid.UUID, cursor: str, limit: int
) -> list[dict[str, Any]]:
    """The resident's notifications after the cursor, oldest first."""
    i = t.inbox
    after = number(conn, t, resident_id, cursor)
    rows = conn.execute(
        sa.select(i)
        .where(i.c.recipient_id == str(resident_id), i.c.seq > after)
        .order_by(i.c.seq)
        .limit(limit)
    ).all()
    return [shown(r) for r in rows]


def latest(conn: Connection, t: Any, resident_id: uuid.UUID) -> str:
    """The cursor of the newest notification; BEFORE_ALL when there is none."""
    i = t.inbox
    found = conn.execute(
        sa.select(i.c.notification_id)
        .where(i.c.recipient_id == str(resident_id))
        .order_by(i.c.seq.desc())
        .limit(1)
    ).scalar()
    return str(found) if found is not None else BEFORE_ALL


def number(conn: Connection, t: Any, resident_id: uuid.UUID, cursor: str) -> int:
    """The table's number of the notification a cursor names (one of the resident's own);
    UnknownCursor when it names none."""
    if cursor.isdigit() and len(cursor) <= 18:
        return int(cursor)  # a number handed out before cursors were ids
    try:
        named = str(uuid.UUID(cursor))
    except ValueError:
        raise UnknownCursor from None
    i = t.inbox
    found = conn.execute(
        sa.select(i.c.seq).where(i.c.recipient_id == str(resident_id), i.c.notification_id == named)
    ).scalar()
    if found is None:
        raise UnknownCursor
    return int(found)


def exists(conn: Connection, t: Any, resident_id: uuid.UUID, notification_id: uuid.UUID) -> bool:
    i = t.inbox
    found = conn.execute(
        sa.select(i.c.seq).where(
            i.c.recipient_id == str(resident_id), i.c.notification_id == str(notification_id)
        )
    )
    return found.first() is not None
