"""The moderators' side of listings' read model: the reports queue of a neighbourhood and the
listings' entries of its moderation log (which the gateway merges with neighbourhoods' own by
time). A reporter's reason is shown to moderators only; a moderator's reason is about the author,
shown to the moderators and to the author (as neighbourhoods' log shows a reason about a
member)."""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from listings.projections import pages
from listings.projections.cards import Cards
from listings.projections.facts import MODERATING
from listings.projections.visibility import on_boards
from services.subscriptions.columns import iso


def reports(
    conn: Connection,
    t: SimpleNamespace,
    f: SimpleNamespace,
    neighbourhood_id: uuid.UUID,
    viewer_id: uuid.UUID,
    cursor: str | None = None,
    limit: int = 20,
) -> dict[str, Any]:
    """Listings shown in the neighbourhood with open reports, the most recently reported first:
    each card with `reports` (reporter, reason, when). The door lets moderators only in."""
    pages.check(limit)
    lst, p = t.listings, t.places
    reported = (
        sa.select(lst)
        .select_from(p.join(lst, lst.c.listing_id == p.c.listing_id))
        .where(
            p.c.neighbourhood_id == str(neighbourhood_id),
            p.c.shown.is_(True),
            on_boards(lst),
            lst.c.open_reports > 0,
        )
    )
    found = pages.newest(reported, lst.c.last_report_us, lst.c.listing_id, cursor, limit)
    rows = conn.execute(found).all()
    cards = Cards(conn, t, f, rows[:limit], viewer_id)
    open_reports = _open_reports(conn, t, f, [x.listing_id for x in rows[:limit]])
    return pages.page(
        rows,
        limit,
        lambda x: (x.last_report_us, x.listing_id),
        lambda x: {**cards.card(x), "reports": open_reports.get(x.listing_id, [])},
    )


def _open_reports(
    conn: Connection, t: SimpleNamespace, f: SimpleNamespace, ids: list[str]
) -> dict[str, list[dict[str, Any]]]:
    rep, res = t.reports, f.residents
    found: dict[str, list[dict[str, Any]]] = {}
    for x in conn.execute(
        sa.select(rep, res.c.display_name)
        .select_from(rep.outerjoin(res, res.c.resident_id == rep.c.reporter_id))
        .where(rep.c.listing_id.in_(ids), rep.c.settled.is_(False))
        .order_by(rep.c.reported_at, rep.c.report_id)
    ):
        found.setdefault(x.listing_id, []).append(
            {
                "report_id": x.report_id,
                "reporter": {"resident_id": x.reporter_id, "display_name": x.display_name},
                "reason": x.reason,
                "reported_at": iso(x.reported_at),
            }
        )
    return found


def moderation_log(
    conn: Connection,
    t: SimpleNamespace,
    f: SimpleNamespace,
    neighbourhood_id: uuid.UUID,
    viewer_id: uuid.UUID,
    cursor: str | None = None,
    limit: int = 50,
) -> dict[str, Any]:
    """Listings' entries of the neighbourhood's moderation log, newest first, in the shape of
    neighbourhoods' entries plus `listing_id`. The door lets members only in."""
    pages.check(limit)
    log, m, res = t.log, f.members, f.residents
    here = sa.select(log).where(log.c.neighbourhood_id == str(neighbourhood_id))
    rows = conn.execute(pages.newest(here, log.c.at_us, log.c.event_id, cursor, limit)).all()
    role = conn.execute(
        sa.select(m.c.role).where(
            m.c.neighbourhood_id == str(neighbourhood_id), m.c.resident_id == str(viewer_id)
        )
    ).scalar()
    actors = {_actor_id(x.actor) for x in rows} - {None}
    names: dict[str, str | None] = dict(
        conn.execute(
            sa.select(res.c.resident_id, res.c.display_name).where(
                res.c.resident_id.in_(sorted(a for a in actors if a))
            )
        ).all()
    )

    def entry(x: Any) -> dict[str, Any]:
        actor = _actor_id(x.actor)
        readable = role in MODERATING or x.author_id == str(viewer_id)
        return {
            "at": iso(x.at),
            "action": x.action,
            "actor": {"resident_id": actor, "display_name": names.get(actor)}
            if actor
            else {"system": x.actor.partition(":")[2] or x.actor},
            "listing_id": x.listing_id,
            "reason": x.reason if readable else None,
            "reason_withheld": x.reason is not None and not readable,
        }

    return pages.page(rows, limit, lambda x: (x.at_us, x.event_id), entry)


def _actor_id(actor: str) -> str | None:
    kind, _, rest = actor.partition(":")
    return rest if kind == "resident" else None
