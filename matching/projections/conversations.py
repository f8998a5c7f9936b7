"""The queries of connections: a resident's connections with what each other side reveals, one
conversation's messages (newest last, paged backwards by an opaque cursor), a resident's thanks,
and the blocks a resident has made. What a block hides is hidden here: from the moment one of two
residents blocks the other, neither reads the other's messages.

A page's cursor is the id of the oldest message it shows, not that message's number in the
table: a rebuild of the read model numbers the rows again (without the gaps the live table may
have), while a message's id is the same in every build. A cursor of the earlier form (the
number, encoded) is still read.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from matching.projections import contacts
from matching.projections.contacts import revealed
from services.subscriptions.columns import iso

MAX_CONNECTIONS = 200
MAX_THANKS = 100


class InvalidCursor(ValueError):
    """A cursor no page handed out."""


def blocked_between(conn: Connection, t: SimpleNamespace, a: uuid.UUID, b: uuid.UUID) -> bool:
    """Whether either of `a` and `b` blocks the other now."""
    k = t.blocks
    pairs = sa.or_(
        sa.and_(k.c.blocker_id == str(a), k.c.blocked_id == str(b)),
        sa.and_(k.c.blocker_id == str(b), k.c.blocked_id == str(a)),
    )
    return conn.execute(sa.select(k.c.blocker_id).where(pairs).limit(1)).first() is not None


def connections_of(
    conn: Connection, t: SimpleNamespace, known: SimpleNamespace, viewer: uuid.UUID
) -> list[dict[str, Any]]:
    """The viewer's connections, the most recently active first."""
    c, me = t.connections, str(viewer)
    rows = conn.execute(
        sa.select(c)
        .where(sa.or_(c.c.first_id == me, c.c.second_id == me))
        .order_by(c.c.last_at.desc(), c.c.connection_id)
        .limit(MAX_CONNECTIONS)
    )
    return [_shown(conn, t, known, row, viewer) for row in rows]


def connection(
    conn: Connection,
    t: SimpleNamespace,
    known: SimpleNamespace,
    connection_id: uuid.UUID,
    viewer: uuid.UUID,
) -> dict[str, Any] | None:
    """The connection as the viewer sees it; None unless they are one of its sides."""
    row = _row(conn, t, connection_id)
    if row is None or str(viewer) not in (row.first_id, row.second_id):
        return None
    return _shown(conn, t, known, row, viewer)


def _row(conn: Connection, t: SimpleNamespace, connection_id: uuid.UUID) -> Any:
    c = t.connections
    return conn.execute(sa.select(c).where(c.c.connection_id == str(connection_id))).first()


def _shown(
    conn: Connection, t: SimpleNamespace, known: SimpleNamespace, row: Any, viewer: uuid.UUID
) -> dict[str, Any]:
    me = str(viewer)
    other = row.second_id if row.first_id == me else row.first_id
    blocked = blocked_between(conn, t, viewer, uuid.UUID(other))
    thanked = conn.execute(
        sa.select(t.thanks.c.thanks_id).where(
            t.thanks.c.connection_id == row.connection_id, t.thanks.c.author_id == me
        )
    ).first()
    return {
        "connection_id": row.connection_id,
        "other": {"resident_id": other, **_revealed(conn, known, other, blocked)},
        "source": row.source,
        "listing_id": row.listing_id,
        "match_id": row.match_id,
        "made_at": iso(row.made_at),
        "last_at": iso(row.last_at),
        "status": "open" if row.ended_at is None else "ended",
        "ended_at": iso(row.ended_at),
        "ended_by_me": None if row.ended_by is None else row.ended_by == me,
        "end_reason": row.end_reason,
        "ended_by_block": bool(row.ended_by_block),
        "blocked": blocked,
        "thanked": thanked is not None,
    }


def _revealed(conn: Connection, known: SimpleNamespace, other: str, blocked: bool) -> Any:
    """What the other side reveals; behind a block, whoever blocked, nothing but their name."""
    shown = revealed(contacts.resident(conn, known, other))
    if blocked:
        return {**shown, "phone": None, "email": None, "address": None}
    return shown


def messages(
    conn: Connection,
    t: SimpleNamespace,
    connection_id: uuid.UUID,
    viewer: uuid.UUID,
    cursor: str | None,
    limit: int,
) -> dict[str, Any] | None:
    """The newest `limit` messages before the cursor, oldest first, with the cursor of older
    ones; None unless the viewer is a side. The other side's messages are left out while a
    block stands between the two."""
    row = _row(conn, t, connection_id)
    me = str(viewer)
    if row is None or me not in (row.first_id, row.second_id):
        return None
    other = row.second_id if row.first_id == me else row.first_id
    m = t.messages
    query = sa.select(m).where(m.c.connection_id == row.connection_id)
    if blocked_between(conn, t, viewer, uuid.UUID(other)):
        query = query.where(m.c.author_id == me)
    if cursor is not None:
        query = query.where(m.c.seq < _number(conn, m, row.connection_id, cursor))
    found = list(conn.execute(query.order_by(m.c.seq.desc()).limit(limit + 1)))
    shown = found[:limit]
    older = shown[-1].message_id if len(found) > limit and shown else None
    return {"items": [_message(r, me) for r in reversed(shown)], "next_cursor": older}


def _message(row: Any, me: str) -> dict[str, Any]:
    return {
        "message_id": row.message_id,
        "author_id": row.author_id,
        "mine": row.author_id == me,
        "text": row.text,
        "erased": row.text is None,
        "posted_at": iso(row.posted_at),
    }


def _number(conn: Connection, m: sa.Table, connection_id: str, cursor: str) -> int:
    """The table's number of the message a cursor names, in this conversation."""
    try:
        named = str(uuid.UUID(cursor))
    except ValueError:
        return _decoded(cursor)
    found = conn.execute(
        sa.select(m.c.seq).where(m.c.connection_id == connection_id, m.c.message_id == named)
    ).scalar()
    if found is None:
        raise InvalidCursor("cursor is not one a page handed out")
    return int(found)


def _decoded(cursor: str) -> int:
    """A cursor of the earlier form: the message's number, encoded."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not raw.startswith("m"):
            raise ValueError(raw)
        return int(raw[1:])
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise InvalidCursor("cursor is not one a page handed out") from None


def thanks_for(
    conn: Connection,
    t: SimpleNamespace,
    known: SimpleNamespace,
    recipient: uuid.UUID,
    viewer: uuid.UUID,
) -> dict[str, Any] | None:
    """The resident's name and the thanks they received, newest first: {resident, items}, for
    themselves and the members of a neighbourhood they share; None for anyone else (or an
    unknown or erased resident)."""
    if not contacts.known(conn, known, recipient):
        return None
    if viewer != recipient and not contacts.neighbours(conn, known, viewer, recipient):
        return None
    k = t.thanks
    rows = conn.execute(
        sa.select(k)
        .where(k.c.recipient_id == str(recipient))
        .order_by(k.c.given_at.desc(), k.c.thanks_id)
        .limit(MAX_THANKS)
    )
    items = [
        {
            "thanks_id": row.thanks_id,
            "author": {
                "resident_id": row.author_id,
                "display_name": contacts.name_of(contacts.resident(conn, known, row.author_id)),
            },
            "text": row.text,
            "erased": row.text is None,
            "given_at": iso(row.given_at),
        }
        for row in rows
    ]
    name = contacts.name_of(contacts.resident(conn, known, recipient))
    return {"resident": {"resident_id": str(recipient), "display_name": name}, "items": items}


def blocks_of(
    conn: Connection, t: SimpleNamespace, known: SimpleNamespace, blocker: uuid.UUID
) -> list[dict[str, Any]]:
    """Whom the resident blocks, the latest first, with their display name."""
    k = t.blocks
    rows = conn.execute(
        sa.select(k).where(k.c.blocker_id == str(blocker)).order_by(k.c.since.desc())
    )
    return [
        {
            "resident_id": row.blocked_id,
            "display_name": contacts.name_of(contacts.resident(conn, known, row.blocked_id)),
            "since": iso(row.since),
        }
        for row in rows
    ]
