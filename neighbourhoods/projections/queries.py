"""Queries on neighbourhoods' read models (neighbourhoods.py, residents.py): plain,
JSON-ready dicts for the service. Who may see what is decided here, from the viewer's membership:

- anyone: a neighbourhood's name, outline (boundary) and member count;
- its members: the rest of it, the members list (display name and the address as each member
  discloses it) and the moderation log, where a reason written about a member is shown only to
  that member and to the moderators;
- its moderators (the founder is one): also the rejoin requests and the standing role offers.

`t` are the read model's tables, `r` the residents' tables.
"""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from neighbourhoods.projections import spatial
from neighbourhoods.projections.proposals import statuses
from neighbourhoods.projections.residents import shown_address
from services.subscriptions.columns import aware, iso

ROLE_ORDER = {"founder": 0, "moderator": 1, "member": 2}
OPERATORS_ACTIONS = ("boundary_change_approved", "boundary_change_rejected")


def membership(
    conn: Connection, t: SimpleNamespace, neighbourhood_id: uuid.UUID, resident_id: uuid.UUID | None
) -> Any:
    """The viewer's member row (role, since, join_id), None for a non-member or no viewer."""
    if resident_id is None:
        return None
    m = t.members
    return conn.execute(
        sa.select(m).where(
            m.c.neighbourhood_id == str(neighbourhood_id), m.c.resident_id == str(resident_id)
        )
    ).first()


def is_moderator(row: Any) -> bool:
    return row is not None and row.role in ("founder", "moderator")


def neighbourhood(
    conn: Connection,
    t: SimpleNamespace,
    r: SimpleNamespace,
    neighbourhood_id: uuid.UUID,
    viewer: uuid.UUID | None,
) -> dict[str, Any] | None:
    p = t.places
    place = conn.execute(sa.select(p).where(p.c.neighbourhood_id == str(neighbourhood_id))).first()
    if place is None:
        return None
    shown = _public(place)
    me = membership(conn, t, neighbourhood_id, viewer)
    if me is None:
        return {**shown, "member": False}
    offered = _offered(conn, t, neighbourhood_id, viewer)
    shown.update(
        member=True,
        description=place.description,
        status=place.status,
        area_km2=place.area_km2,
        founder=_person(conn, r, place.founder_id),
        created_at=iso(place.created_at),
        opened_at=iso(place.opened_at),
        viewer={"role": me.role, "since": iso(me.since), "moderator_offer": offered},
    )
    if is_moderator(me):
        shown["rejoin_requests"] = rejoin_requests(conn, t, r, neighbourhood_id)
        shown["moderator_offers"] = moderator_offers(conn, t, r, neighbourhood_id)
    return shown


def members(
    conn: Connection, t: SimpleNamespace, r: SimpleNamespace, neighbourhood_id: uuid.UUID
) -> list[dict[str, Any]]:
    """Founder, moderators, then members, each group by seniority."""
    m, res = t.members, r.residents
    person = [c for c in res.c if c.name != "resident_id"]
    rows = list(
        conn.execute(
            sa.select(m.c.resident_id, m.c.role, m.c.since, *person)
            .select_from(m.outerjoin(res, res.c.resident_id == m.c.resident_id))
            .where(m.c.neighbourhood_id == str(neighbourhood_id))
        )
    )
    rows.sort(key=lambda x: (ROLE_ORDER.get(x.role, 9), aware(x.since), x.resident_id))
    return [
        {
            "resident_id": row.resident_id,
            "display_name": row.display_name,
            "role": row.role,
            "since": iso(row.since),
            "address_disclosure": row.address_disclosure or "none",
            "address": None if row.verified is None else shown_address(row),
            "erased": bool(row.erased),
        }
        for row in rows
    ]


def moderation_log(
    conn: Connection,
    t: SimpleNamespace,
    r: SimpleNamespace,
    neighbourhood_id: uuid.UUID,
    viewer: Any,
    limit: int = 200,
) -> list[dict[str, Any]]:
    """Newest first. `viewer` is the viewer's member row."""
    log = t.log
    rows = conn.execute(
        sa.select(log)
        .where(log.c.neighbourhood_id == str(neighbourhood_id))
        .order_by(log.c.stream_version.desc())
        .limit(limit)
    ).all()
    names = _names(conn, r, {x.resident_id for x in rows} | {_actor_id(x.actor) for x in rows})
    proposals = statuses(conn, t, {x.proposal_id for x in rows if x.proposal_id})
    moderator = is_moderator(viewer)
    out = []
    for row in rows:
        # Operators decide for the platform: members see the decision, not who took it.
        by_operators = row.action in OPERATORS_ACTIONS or (
            row.action == "boundary_changed" and row.proposal_id is not None
        )
        actor = None if by_operators else _actor_id(row.actor)
        system = "operators" if by_operators else row.actor.partition(":")[2]
        readable = not row.reason_is_personal or moderator or row.resident_id == viewer.resident_id
        out.append(
            {
                "at": iso(row.at),
                "action": row.action,
                "actor": {"resident_id": actor, "display_name": names.get(actor)}
                if actor
                else {"system": system or row.actor},
                "resident": None
                if row.resident_id is None
                else {"resident_id": row.resident_id, "display_name": names.get(row.resident_id)},
                "reason": row.reason if readable else None,
                "reason_withheld": row.reason is not None and not readable,
                "proposal": None
                if row.proposal_id is None
                else {"proposal_id": row.proposal_id, "status": proposals.get(row.proposal_id)},
            }
        )
    return out


def memberships_of(
    conn: Connection, t: SimpleNamespace, resident_id: uuid.UUID
) -> list[dict[str, Any]]:
    m, p = t.members, t.places
    rows = conn.execute(
        sa.select(m.c.neighbourhood_id, m.c.role, m.c.since, p.c.name, p.c.status)
        .select_from(m.join(p, p.c.neighbourhood_id == m.c.neighbourhood_id))
        .where(m.c.resident_id == str(resident_id))
    ).all()
    offers = set(
        conn.execute(
            sa.select(t.offers.c.neighbourhood_id).where(t.offers.c.resident_id == str(resident_id))
        ).scalars()
    )
    return sorted(
        (
            {
                "neighbourhood_id": row.neighbourhood_id,
                "name": row.name,
                "status": row.status,
                "role": row.role,
                "since": iso(row.since),
                "moderator_offer": row.neighbourhood_id in offers,
            }
            for row in rows
        ),
        key=lambda x: (x["since"] or "", x["neighbourhood_id"]),
    )


def around(
    conn: Connection, t: SimpleNamespace, lon: float, lat: float, limit: int = 50
) -> list[dict[str, Any]]:
    """Neighbourhoods containing the point, then those within 1 km, nearest first: what anyone
    may see of them, with `status` (forming | open), `contains` and `distance_m`."""
    found = spatial.near(conn, t, lon, lat)[:limit]
    if not found:
        return []
    p = t.places
    places = {
        row.neighbourhood_id: row
        for row in conn.execute(
            sa.select(p).where(p.c.neighbourhood_id.in_([f.neighbourhood_id for f in found]))
        )
    }
    return [
        {
            **_public(places[f.neighbourhood_id]),
            # Whether it is open yet helps a resident choose which one to join.
            "status": places[f.neighbourhood_id].status,
            "contains": f.contains,
            "distance_m": round(f.distance_m),
        }
        for f in found
        if f.neighbourhood_id in places
    ]


def rejoin_requests(
    conn: Connection, t: SimpleNamespace, r: SimpleNamespace, neighbourhood_id: uuid.UUID
) -> list[dict[str, Any]]:
    rows = _residents_waiting(conn, t.rejoin_requests, "requested_at", neighbourhood_id)
    shown = _named(conn, r, rows)
    return [{**s, "message": x.message, "requested_at": iso(x.requested_at)} for s, x in shown]


def moderator_offers(
    conn: Connection, t: SimpleNamespace, r: SimpleNamespace, neighbourhood_id: uuid.UUID
) -> list[dict[str, Any]]:
    rows = _residents_waiting(conn, t.offers, "offered_at", neighbourhood_id)
    return [{**s, "offered_at": iso(x.offered_at)} for s, x in _named(conn, r, rows)]


def _residents_waiting(
    conn: Connection, table: sa.Table, since: str, neighbourhood_id: uuid.UUID
) -> list[Any]:
    """A neighbourhood's rows of a per-resident table, the oldest (by `since`) first."""
    where = table.c.neighbourhood_id == str(neighbourhood_id)
    return list(conn.execute(sa.select(table).where(where).order_by(table.c[since])).all())


def _named(
    conn: Connection, r: SimpleNamespace, rows: list[Any]
) -> list[tuple[dict[str, Any], Any]]:
    """Each row with its resident's id and display name."""
    names = _names(conn, r, {x.resident_id for x in rows})
    return [
        ({"resident_id": x.resident_id, "display_name": names.get(x.resident_id)}, x) for x in rows
    ]


def _public(place: Any) -> dict[str, Any]:
    return {
        "neighbourhood_id": place.neighbourhood_id,
        "name": place.name,
        "boundary": place.boundary,
        "member_count": place.member_count,
    }


def _offered(
    conn: Connection, t: SimpleNamespace, neighbourhood_id: uuid.UUID, viewer: uuid.UUID | None
) -> bool:
    o = t.offers
    return (
        conn.execute(
            sa.select(o.c.resident_id).where(
                o.c.neighbourhood_id == str(neighbourhood_id), o.c.resident_id == str(viewer)
            )
        ).first()
        is not None
    )


def _person(conn: Connection, r: SimpleNamespace, resident_id: str) -> dict[str, Any]:
    return {
        "resident_id": resident_id,
        "display_name": _names(conn, r, {resident_id}).get(resident_id),
    }


def _names(conn: Connection, r: SimpleNamespace, ids: set[str | None]) -> dict[str, str | None]:
    wanted = sorted(i for i in ids if i)
    if not wanted:
        return {}
    res = r.residents
    rows = conn.execute(
        sa.select(res.c.resident_id, res.c.display_name).where(res.c.resident_id.in_(wanted))
    )
    return {row.resident_id: row.display_name for row in rows}


def _actor_id(actor: str) -> str | None:
    kind, _, rest = actor.partition(":")
    return rest if kind == "resident" else None
