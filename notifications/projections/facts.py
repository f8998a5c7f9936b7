"""What notifications learns from the other contexts' events, in its own tables: whom to write
to and how (e-mail, name, language, whether the address is confirmed, erased), who is a member
or a moderator where, who operates the platform, and a listing's author, title and places.

Personal values are kept only for writing to their own subject (the e-mail, the name in a
greeting) or for a notification's text (a listing's title); an erasure blanks them.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from contracts.neighbourhoods.events import MEMBERSHIP_CHANGES, ROLE_CHANGES
from contracts.pii import plain
from services.eventstore.reading import chunked
from services.subscriptions.versioned import learn

IDENTITY_TYPES = (
    "identity.ResidentRegistered",
    "identity.ProfileChanged",
    "identity.LanguageChanged",
    "identity.EmailConfirmed",
    "identity.RoleGranted",
    "identity.RoleRevoked",
    "identity.ResidentErased",
)
NEIGHBOURHOOD_TYPES = (
    "neighbourhoods.NeighbourhoodCreated",
    "neighbourhoods.NeighbourhoodRenamed",
    *MEMBERSHIP_CHANGES,
    *ROLE_CHANGES,
)
LISTING_TYPES = ("listings.ListingPublished", "listings.ListingEdited")
TYPES = IDENTITY_TYPES + NEIGHBOURHOOD_TYPES + LISTING_TYPES
MODERATING = ("founder", "moderator")
# Ids per statement when many are looked up at once: under every backend's limit of parameters.
CHUNK = 500


# Declared once; the inbox's read model (inbox.py) copies them into each of its generations.
_meta = sa.MetaData()
RESIDENTS = sa.Table(
    "notifications_residents",
    _meta,
    sa.Column("resident_id", sa.String(36), primary_key=True),
    sa.Column("email", sa.String(320)),
    sa.Column("display_name", sa.String(100)),
    sa.Column("language", sa.String(5), nullable=False),
    sa.Column("confirmed", sa.Boolean, nullable=False),
    sa.Column("operator", sa.Boolean, nullable=False),
    sa.Column("erased", sa.Boolean, nullable=False),
    sa.Column("stream_version", sa.Integer, nullable=False),
)
PLACES = sa.Table(
    "notifications_places",
    _meta,
    sa.Column("neighbourhood_id", sa.String(36), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("founder_id", sa.String(36), nullable=False),
)
MEMBERS = sa.Table(
    "notifications_members",
    _meta,
    sa.Column("neighbourhood_id", sa.String(36), primary_key=True),
    sa.Column("resident_id", sa.String(36), primary_key=True, index=True),
    sa.Column("role", sa.String(10), nullable=False),
)
LISTINGS = sa.Table(
    "notifications_listings",
    _meta,
    sa.Column("listing_id", sa.String(36), primary_key=True),
    sa.Column("author_id", sa.String(36), nullable=False, index=True),
    sa.Column("title", sa.String(200)),
    sa.Column("neighbourhood_ids", sa.Text, nullable=False),
)


def apply(tx: Connection, t: SimpleNamespace, kind: str, data: Any, version: int) -> None:
    """One event of TYPES into the facts; `data` reads its fields as attributes."""
    context, name = kind.split(".")
    if context == "identity":
        _resident(tx, t, name, data, version)
    elif context == "neighbourhoods":
        _place(tx, t, name, data)
    else:
        _listing(tx, t, name, data)


def _resident(tx: Connection, t: SimpleNamespace, name: str, data: Any, version: int) -> None:
    if name == "EmailConfirmed":
        # Whichever stream records it: the confirmation holds whatever came before or after.
        r = t.residents
        tx.execute(
            r.update().where(r.c.resident_id == str(data.resident_id)).values(confirmed=True)
        )
        return

    def changes(row: Any) -> dict[str, Any]:
        match name:
            case "ResidentRegistered":
                return {
                    "email": plain(data.email),
                    "display_name": plain(data.display_name),
                    "language": data.language,
                }
            case "ProfileChanged":
                return {"display_name": plain(data.display_name)}
            case "LanguageChanged":
                return {"language": data.language}
            case "RoleGranted" | "RoleRevoked" if data.role == "operator":
                return {"operator": name == "RoleGranted"}
            case "ResidentErased":
                return {"email": None, "display_name": None, "erased": True, "operator": False}
        return {}

    blank = {
        "resident_id": str(data.resident_id),
        "email": None,
        "display_name": None,
        "language": "fr",
        "confirmed": False,
        "operator": False,
        "erased": False,
    }
    learn(tx, t.residents, "resident_id", str(data.resident_id), version, changes, blank)


def _place(tx: Connection, t: SimpleNamespace, name: str, data: Any) -> None:
    nid = str(data.neighbourhood_id)
    p, m = t.places, t.members
    if name == "NeighbourhoodCreated":
        tx.execute(p.delete().where(p.c.neighbourhood_id == nid))
        tx.execute(
            p.insert().values(neighbourhood_id=nid, name=data.name, founder_id=str(data.founder_id))
        )
        return
    if name == "NeighbourhoodRenamed":
        tx.execute(p.update().where(p.c.neighbourhood_id == nid).values(name=data.name))
        return
    rid = str(data.resident_id)
    where = (m.c.neighbourhood_id == nid, m.c.resident_id == rid)
    match name:
        case "MemberJoined":
            founder = tx.execute(
                sa.select(p.c.founder_id).where(p.c.neighbourhood_id == nid)
            ).scalar()
            tx.execute(m.delete().where(*where))
            role = "founder" if founder == rid else "member"
            tx.execute(m.insert().values(neighbourhood_id=nid, resident_id=rid, role=role))
        case "MemberLeft" | "MemberRemoved" | "MemberWithdrawn":
            tx.execute(m.delete().where(*where))
        case "ModeratorAppointed" | "ModeratorRoleAccepted":
            tx.execute(m.update().where(*where).values(role="moderator"))
        case "ModeratorDismissed":
            tx.execute(m.update().where(*where).values(role="member"))
        case "FounderRolePassed":
            tx.execute(m.update().where(*where).values(role="founder"))


def _listing(tx: Connection, t: SimpleNamespace, name: str, data: Any) -> None:
    lid, li = str(data.listing_id), t.listings
    if name == "ListingPublished":
        tx.execute(li.delete().where(li.c.listing_id == lid))
        places = json.dumps([str(n) for n in data.neighbourhood_ids])
        tx.execute(
            li.insert().values(
                listing_id=lid,
                author_id=str(data.author_id),
                title=plain(data.title),
                neighbourhood_ids=places,
            )
        )
    else:
        tx.execute(li.update().where(li.c.listing_id == lid).values(title=plain(data.title)))


def forget_author(tx: Connection, t: SimpleNamespace, resident_id: str) -> None:
    """An erased author's titles go."""
    li = t.listings
    tx.execute(li.update().where(li.c.author_id == resident_id).values(title=None))


# What the router asks


def resident(conn: Connection, t: SimpleNamespace, resident_id: str) -> Any:
    r = t.residents
    return conn.execute(sa.select(r).where(r.c.resident_id == resident_id)).first()


def residents(conn: Connection, t: SimpleNamespace, resident_ids: Sequence[str]) -> dict[str, Any]:
    """What is known of each of `resident_ids`, by id (those never heard of are left out)."""
    r, found = t.residents, dict[str, Any]()
    for part in chunked(sorted(set(resident_ids)), CHUNK):
        found.update(
            (row.resident_id, row)
            for row in conn.execute(sa.select(r).where(r.c.resident_id.in_(part)))
        )
    return found


def listing(conn: Connection, t: SimpleNamespace, listing_id: str) -> Any:
    li = t.listings
    return conn.execute(sa.select(li).where(li.c.listing_id == listing_id)).first()


def place_name(conn: Connection, t: SimpleNamespace, neighbourhood_id: str) -> str | None:
    p = t.places
    name = conn.execute(sa.select(p.c.name).where(p.c.neighbourhood_id == neighbourhood_id))
    return name.scalar()


def members(conn: Connection, t: SimpleNamespace, neighbourhood_ids: Iterable[str]) -> list[str]:
    m = t.members
    rows = conn.execute(
        sa.select(m.c.resident_id)
        .distinct()
        .where(m.c.neighbourhood_id.in_(list(neighbourhood_ids)))
    )
    return sorted(rows.scalars())


def moderators(conn: Connection, t: SimpleNamespace, listing_id: str) -> list[str]:
    found = listing(conn, t, listing_id)
    if found is None:
        return []
    m = t.members
    rows = conn.execute(
        sa.select(m.c.resident_id)
        .distinct()
        .where(
            m.c.neighbourhood_id.in_(json.loads(found.neighbourhood_ids)), m.c.role.in_(MODERATING)
        )
    )
    return sorted(rows.scalars())


def operators(conn: Connection, t: SimpleNamespace) -> list[str]:
    r = t.residents
    rows = conn.execute(
        sa.select(r.c.resident_id).where(r.c.operator.is_(True), r.c.erased.is_(False))
    )
    return sorted(rows.scalars())


def audience_ids(values: Iterable[Any]) -> list[str]:
    return [str(uuid.UUID(str(v))) for v in values]
