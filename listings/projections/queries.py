"""Queries on listings' read model (listings.py) and its facts (facts.py): plain, JSON-ready
dicts for the service. `t` are the read model's tables, `f` the facts'. Who may see what is
visibility.py's; a query answers None where the door answers a refusal (not a member of the
neighbourhood: not_a_member; a listing the viewer may not see: unknown_listing). Pages are
newest first with an opaque cursor (pages.py), which raises InvalidPage on a bad one.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from listings.projections import pages, search, text
from listings.projections.cards import Cards
from listings.projections.facts import MODERATING, moderates
from listings.projections.lifecycle import micros
from listings.projections.visibility import on_board, visible
from services.subscriptions.columns import iso

STILL_SHOWN = ("open", "closed_done", "closed_withdrawn", "expired")


def board(
    conn: Connection,
    t: SimpleNamespace,
    f: SimpleNamespace,
    neighbourhood_id: uuid.UUID,
    viewer_id: uuid.UUID,
    *,
    kind: str | None = None,
    category: str | None = None,
    status: str | None = None,
    q: str | None = None,
    author: uuid.UUID | None = None,
    cursor: str | None = None,
    limit: int = 20,
    without: frozenset[str] = frozenset(),
) -> dict[str, Any] | None:
    """A neighbourhood's listings the viewer may see, newest first, filtered by kind, category,
    status (any when None), author and the words of `q`; None when the viewer is not a member.
    `without` names indexes the same query must do without ("search", "board": the benchmark's
    baselines)."""
    role = _role(conn, f, neighbourhood_id, viewer_id)
    if role is None:
        return None
    pages.check(limit)
    lst, p = t.listings, t.places
    wanted = text.query(q or "")
    # SQLite's full-text index holds the neighbourhood too: searching, it finds the board's
    # matches alone, and the board's index must not tempt the planner (which runs without
    # statistics) to walk every listing of the board instead.
    found_by_words = bool(wanted) and conn.dialect.name == "sqlite" and "search" not in without
    where = [
        _same(
            p.c.neighbourhood_id,
            str(neighbourhood_id),
            "board" not in without and not found_by_words,
        ),
        # Plain on PostgreSQL: the board's words are indexed for the shown places, `WHERE shown`.
        p.c.shown if conn.dialect.name == "postgresql" else p.c.shown.is_(True),
        on_board(lst, viewer_id, role in MODERATING),
    ]
    for column, value in ((lst.c.kind, kind), (lst.c.category, category), (lst.c.status, status)):
        if value is not None:
            where.append(column == value)
    if author is not None:
        where.append(lst.c.author_id == str(author))
    if wanted:
        where.append(
            search.matches(
                conn.dialect.name,
                lst,
                p,
                wanted,
                place=str(neighbourhood_id),
                indexed="search" not in without,
            )
        )
    board = sa.select(lst).select_from(p.join(lst, lst.c.listing_id == p.c.listing_id))
    found = pages.newest(board.where(*where), p.c.published_us, p.c.listing_id, cursor, limit)
    rows = conn.execute(found).all()
    cards = Cards(conn, t, f, rows[:limit], viewer_id)
    return pages.page(rows, limit, lambda x: (x.published_us, x.listing_id), cards.card)


def _same(column: Any, value: str, indexed: bool) -> Any:
    # Unindexed: an expression no index covers, true of the same rows.
    return column == value if indexed else sa.func.lower(column) == value.lower()


def listing(
    conn: Connection,
    t: SimpleNamespace,
    f: SimpleNamespace,
    listing_id: uuid.UUID,
    viewer_id: uuid.UUID,
) -> dict[str, Any] | None:
    """The whole listing, None when the viewer may not see it. Its history, the viewer's own
    response, and (for a moderator of one of its neighbourhoods) its open reports' count."""
    lst = t.listings
    row = conn.execute(
        sa.select(lst).where(lst.c.listing_id == str(listing_id), visible(t, f, viewer_id))
    ).first()
    if row is None:
        return None
    shown = Cards(conn, t, f, [row], viewer_id).listing(row)
    h, r = t.history, t.responses
    history = conn.execute(
        sa.select(h.c.type, h.c.at)
        .where(h.c.listing_id == row.listing_id)
        .order_by(h.c.stream_version)
    ).all()
    mine = conn.execute(
        sa.select(r).where(r.c.listing_id == row.listing_id, r.c.responder_id == str(viewer_id))
    ).first()
    moderated = set(shown["neighbourhood_ids"]) & {str(x) for x in moderates(conn, f, viewer_id)}
    shown.update(
        history=[{"type": x.type, "at": iso(x.at)} for x in history],
        my_response=None if mine is None else _response(mine),
        reports_count=row.open_reports if moderated else None,
    )
    return shown


def responses(
    conn: Connection, t: SimpleNamespace, f: SimpleNamespace, listing_id: uuid.UUID
) -> list[dict[str, Any]]:
    """A listing's responses, oldest first, with their responders' names (for its author)."""
    r, res = t.responses, f.residents
    rows = conn.execute(
        sa.select(r, res.c.display_name)
        .select_from(r.outerjoin(res, res.c.resident_id == r.c.responder_id))
        .where(r.c.listing_id == str(listing_id))
        .order_by(r.c.sent_us, r.c.response_id)
    ).all()
    return [
        {
            **_response(x),
            "responder": {"resident_id": x.responder_id, "display_name": x.display_name},
        }
        for x in rows
    ]


def my_listings(
    conn: Connection,
    t: SimpleNamespace,
    f: SimpleNamespace,
    resident_id: uuid.UUID,
    cursor: str | None = None,
    limit: int = 20,
) -> dict[str, Any]:
    """The resident's own listings, every status, newest first."""
    pages.check(limit)
    lst = t.listings
    mine = sa.select(lst).where(lst.c.author_id == str(resident_id))
    rows = conn.execute(
        pages.newest(mine, lst.c.published_us, lst.c.listing_id, cursor, limit)
    ).all()
    cards = Cards(conn, t, f, rows[:limit], resident_id)
    return pages.page(rows, limit, lambda x: (x.published_us, x.listing_id), cards.card)


def my_responses(
    conn: Connection,
    t: SimpleNamespace,
    f: SimpleNamespace,
    resident_id: uuid.UUID,
    cursor: str | None = None,
    limit: int = 20,
) -> dict[str, Any]:
    """The resident's responses, newest first, each with the listing's card while they may
    still see it (None after it was removed, hidden or withdrawn from their neighbourhoods)."""
    pages.check(limit)
    r, lst = t.responses, t.listings
    mine = sa.select(r).where(r.c.responder_id == str(resident_id))
    rows = conn.execute(pages.newest(mine, r.c.sent_us, r.c.response_id, cursor, limit)).all()
    ids = sorted({x.listing_id for x in rows[:limit]})
    seen = conn.execute(
        sa.select(lst).where(lst.c.listing_id.in_(ids), visible(t, f, resident_id))
    ).all()
    cards = Cards(conn, t, f, seen, resident_id)
    by_id = {x.listing_id: cards.card(x) for x in seen}
    return pages.page(
        rows,
        limit,
        lambda x: (x.sent_us, x.response_id),
        lambda x: {**_response(x), "listing": by_id.get(x.listing_id)},
    )


def open_listings_of(
    conn: Connection, t: SimpleNamespace, author_id: uuid.UUID, neighbourhood_id: uuid.UUID
) -> list[uuid.UUID]:
    """The author's listings still shown in the neighbourhood (any status but removed or
    withdrawn): what to withdraw there when they stop being a member."""
    lst, p = t.listings, t.places
    rows = conn.execute(
        sa.select(lst.c.listing_id)
        .select_from(p.join(lst, lst.c.listing_id == p.c.listing_id))
        .where(
            p.c.neighbourhood_id == str(neighbourhood_id),
            p.c.shown.is_(True),
            lst.c.author_id == str(author_id),
            lst.c.status.in_(STILL_SHOWN),
        )
        .order_by(lst.c.published_us, lst.c.listing_id)
    )
    return [uuid.UUID(x) for x in rows.scalars()]


def due_for_expiry(
    conn: Connection, t: SimpleNamespace, now: datetime, limit: int = 100
) -> list[uuid.UUID]:
    """Open listings whose expiry has come, the longest overdue first."""
    lst = t.listings
    rows = conn.execute(
        sa.select(lst.c.listing_id)
        .where(lst.c.status == "open", lst.c.expires_us <= micros(now))
        .order_by(lst.c.expires_us, lst.c.listing_id)
        .limit(limit)
    )
    return [uuid.UUID(x) for x in rows.scalars()]


def _response(row: Any) -> dict[str, Any]:
    return {
        "response_id": row.response_id,
        "listing_id": row.listing_id,
        "message": row.message,
        "offer": row.offer,
        "sent_at": iso(row.sent_at),
        "chosen": bool(row.chosen),
    }


def _role(
    conn: Connection, f: SimpleNamespace, neighbourhood_id: uuid.UUID, viewer_id: uuid.UUID
) -> str | None:
    m = f.members
    found: str | None = conn.execute(
        sa.select(m.c.role).where(
            m.c.neighbourhood_id == str(neighbourhood_id), m.c.resident_id == str(viewer_id)
        )
    ).scalar()
    return found
