"""What the inbox answers: a resident's notifications, newest first by pages, the unread count,
and the ones after a given one (for the live stream)."""

from __future__ import annotations

import json
import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from notifications import links
from services.subscriptions.columns import iso


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
    cursor: int | None,
    limit: int,
) -> dict[str, Any]:
    i = t.inbox
    query = sa.select(i).where(i.c.recipient_id == str(resident_id))
    if unread:
        query = query.where(i.c.read.is_(False))
    if cursor is not None:
        query = query.where(i.c.seq < cursor)
    rows = conn.execute(query.order_by(i.c.seq.desc()).limit(limit + 1)).all()
    items = [shown(r) for r in rows[:limit]]
    more = len(rows) > limit
    return {"items": items, "next_cursor": str(items[-1]["seq"]) if more else None}


def unread(conn: Connection, t: Any, resident_id: uuid.UUID) -> int:
    i = t.inbox
    counted = conn.execute(
        sa.select(sa.func.count())
        .select_from(i)
        .where(i.c.recipient_id == str(resident_id), i.c.read.is_(False))
    )
    return int(counted.scalar() or 0)


def since(
    conn: Connection, t: Any, resident_id: uuid.UUID, seq: int, limit: int
) -> list[dict[str, Any]]:
    """The resident's notifications after `seq`, oldest first."""
    i = t.inbox
    rows = conn.execute(
        sa.select(i)
        .where(i.c.recipient_id == str(resident_id), i.c.seq > seq)
        .order_by(i.c.seq)
        .limit(limit)
    ).all()
    return [shown(r) for r in rows]


def latest(conn: Connection, t: Any, resident_id: uuid.UUID) -> int:
    """The newest notification's number, 0 when there is none."""
    i = t.inbox
    found = conn.execute(
        sa.select(sa.func.max(i.c.seq)).where(i.c.recipient_id == str(resident_id))
    )
    return int(found.scalar() or 0)


def exists(conn: Connection, t: Any, resident_id: uuid.UUID, notification_id: uuid.UUID) -> bool:
    i = t.inbox
    found = conn.execute(
        sa.select(i.c.seq).where(
            i.c.recipient_id == str(resident_id), i.c.notification_id == str(notification_id)
        )
    )
    return found.first() is not None
