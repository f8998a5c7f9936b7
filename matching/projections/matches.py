"""The matches residents see, kept by the proposals policy beside its index (a match's row is
written when it is proposed, then follows its events), and the queries about them.

A resident sees the matches they are part of: the other listing's title, the other resident's
display name, the score and its reasons, whether each side accepted, and the connection once
both did. Matches withdrawn or declined stay visible (so that a resident knows why a suggestion
went), newest first.
"""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from contracts.matching.events import (
    MatchAccepted,
    MatchConnected,
    MatchDeclined,
    MatchProposed,
    MatchWithdrawn,
)
from services.subscriptions.columns import iso

MAX_SHOWN = 100
"""The matches a resident is shown at most: the newest."""


def row_of(proposal: Any) -> dict[str, Any]:
    """A match's row as proposed (from the proposal's command or its event)."""
    at = getattr(proposal, "at", None) or proposal.proposed_at
    return {
        "match_id": str(proposal.match_id),
        "offer_id": str(proposal.offer_id),
        "request_id": str(proposal.request_id),
        "offer_author_id": str(proposal.offer_author_id),
        "request_author_id": str(proposal.request_author_id),
        "neighbourhood_id": str(proposal.neighbourhood_id),
        "category": proposal.category,
        "score": proposal.score,
        "reasons": [dict(reason) for reason in proposal.reasons],
        "proposed_at": at,
        "day": at.date().isoformat(),
        "status": "open",
        "offer_accepted": False,
        "request_accepted": False,
    }


def learn(tx: Connection, t: SimpleNamespace, event: Any) -> None:
    m = t.matches
    where = m.c.match_id == str(event.match_id)
    match event:
        case MatchProposed():
            if tx.execute(sa.select(m.c.match_id).where(where)).first() is None:
                tx.execute(m.insert().values(**row_of(event)))
        case MatchAccepted():
            row = tx.execute(sa.select(m).where(where)).first()
            if row is not None:
                side = "offer" if row.offer_author_id == str(event.resident_id) else "request"
                tx.execute(m.update().where(where).values(**{f"{side}_accepted": True}))
        case MatchDeclined():
            tx.execute(m.update().where(where).values(status="declined"))
        case MatchConnected():
            connection = str(event.connection_id)
            tx.execute(m.update().where(where).values(status="connected", connection_id=connection))
        case MatchWithdrawn():
            tx.execute(m.update().where(where).values(status="withdrawn", withdrawal=event.cause))


def of_resident(
    conn: Connection, t: SimpleNamespace, resident_id: uuid.UUID
) -> list[dict[str, Any]]:
    """The matches `resident_id` is part of, newest first, as they are shown to them."""
    m, listings, residents = t.matches, t.listings, t.residents
    rid = str(resident_id)
    rows = conn.execute(
        sa.select(m)
        .where((m.c.offer_author_id == rid) | (m.c.request_author_id == rid))
        .order_by(m.c.proposed_at.desc(), m.c.match_id)
        .limit(MAX_SHOWN)
    ).all()
    ids = {r.offer_id for r in rows} | {r.request_id for r in rows}
    titles: dict[str, Any] = dict(
        conn.execute(
            sa.select(listings.c.listing_id, listings.c.title).where(listings.c.listing_id.in_(ids))
        ).all()
    )
    people = {r.offer_author_id for r in rows} | {r.request_author_id for r in rows}
    names: dict[str, Any] = dict(
        conn.execute(
            sa.select(residents.c.resident_id, residents.c.display_name).where(
                residents.c.resident_id.in_(people)
            )
        ).all()
    )
    return [_shown(row, rid, titles, names) for row in rows]


def _shown(row: Any, rid: str, titles: dict[str, Any], names: dict[str, Any]) -> dict[str, Any]:
    mine = "offer" if row.offer_author_id == rid else "request"
    theirs = "request" if mine == "offer" else "offer"
    other_listing, other = getattr(row, f"{theirs}_id"), getattr(row, f"{theirs}_author_id")
    return {
        "match_id": row.match_id,
        "category": row.category,
        "score": row.score,
        "reasons": row.reasons,
        "status": row.status,
        "proposed_at": iso(row.proposed_at),
        "my_side": mine,
        "my_listing": {
            "listing_id": getattr(row, f"{mine}_id"),
            "title": titles.get(getattr(row, f"{mine}_id")),
        },
        "their_listing": {"listing_id": other_listing, "title": titles.get(other_listing)},
        "other": {"resident_id": other, "display_name": names.get(other)},
        "i_accepted": bool(getattr(row, f"{mine}_accepted")),
        "they_accepted": bool(getattr(row, f"{theirs}_accepted")),
        "connection_id": row.connection_id,
        "withdrawal": row.withdrawal,
    }
