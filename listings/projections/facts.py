"""What listings learns from the other contexts' events, kept in its own tables: who is a member
of which neighbourhood and with which role (neighbourhoods' events), and residents as neighbours
see them (identity's events): display name, how much of their address they disclose, their
street's name and a street-level point of a verified home, erasure.

Only what listings shows is kept: no house number, postcode or exact point (the point is rounded
to STREET_DEGREES, about a street's length). Personal values read back ERASED are stored as NULL,
so a rebuild after an erasure gives the rows the live read model holds.

Each neighbourhood and resident row remembers the version of its stream last applied: an event
delivered again, or an older one, is passed over.

    subscriber = facts(codec)
"""

from __future__ import annotations

import uuid
from functools import partial
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from contracts.identity.events import (
    NEIGHBOUR_CHANGES,
    AddressDeclared,
    AddressVerified,
    ProfileChanged,
    ResidentErased,
    ResidentRegistered,
)
from contracts.neighbourhoods.events import (
    MEMBERSHIP_CHANGES,
    ROLE_CHANGES,
    FounderRolePassed,
    MemberJoined,
    MemberLeft,
    MemberRemoved,
    MemberWithdrawn,
    ModeratorAppointed,
    ModeratorDismissed,
    ModeratorRoleAccepted,
    NeighbourhoodCreated,
)
from contracts.pii import plain
from services.eventstore.codec import Codec
from services.subscriptions import Subscriber
from services.subscriptions.residents import profile, street_of
from services.subscriptions.subscriber import each_event, generations
from services.subscriptions.versioned import learn

NAME = "listings.facts"
VERSION = 1
NEIGHBOURHOOD_TYPES = (
    "neighbourhoods.NeighbourhoodCreated",
    *MEMBERSHIP_CHANGES,
    *ROLE_CHANGES,
)
IDENTITY_TYPES = NEIGHBOUR_CHANGES
TYPES = NEIGHBOURHOOD_TYPES + IDENTITY_TYPES
# The name a profile change replaces, the home a move leaves, and an erased resident leave no
# copy on disk (docs/decisions/0008).
SCRUB_AFTER = ("identity.ResidentErased", "identity.ProfileChanged", "identity.AddressDeclared")
DEFAULT_DISCLOSURE = "street"
MODERATING = ("founder", "moderator")
STREET_DEGREES = 0.001
"""A home point is kept rounded to this (about 110 m north-south): enough for a distance
rounded to 50 m between neighbours, not enough to find a door."""


_meta = sa.MetaData()
PLACES = sa.Table(
    "listings_places",
    _meta,
    sa.Column("neighbourhood_id", sa.String(36), primary_key=True),
    sa.Column("founder_id", sa.String(36), nullable=False),
    sa.Column("stream_version", sa.Integer, nullable=False),
)
MEMBERS = sa.Table(
    "listings_members",
    _meta,
    sa.Column("neighbourhood_id", sa.String(36), primary_key=True),
    sa.Column("resident_id", sa.String(36), primary_key=True, index=True),
    sa.Column("join_id", sa.String(36), nullable=False),
    sa.Column("role", sa.String(10), nullable=False),
    sa.Column("since", sa.DateTime(timezone=True), nullable=False),
)
RESIDENTS = sa.Table(
    "listings_residents",
    _meta,
    sa.Column("resident_id", sa.String(36), primary_key=True),
    sa.Column("display_name", sa.String(100)),
    sa.Column("address_disclosure", sa.String(10), nullable=False),
    sa.Column("address_id", sa.String(36)),
    sa.Column("street", sa.String(200)),
    sa.Column("latitude", sa.Float),
    sa.Column("longitude", sa.Float),
    sa.Column("verified", sa.Boolean, nullable=False),
    sa.Column("erased", sa.Boolean, nullable=False),
    sa.Column("stream_version", sa.Integer, nullable=False),
)
define = generations(places=PLACES, members=MEMBERS, residents=RESIDENTS)


def facts(codec: Codec) -> Subscriber:
    handle = each_event(codec, apply)
    return Subscriber(
        NAME, handle, define=define, types=TYPES, version=VERSION, scrub_after=SCRUB_AFTER
    )


def apply(tx: Connection, t: SimpleNamespace, event: Any, version: int) -> None:
    """One decoded event into the facts (inside the subscriber's transaction); `version` is its
    place in its own stream."""
    if isinstance(event, NeighbourhoodCreated):
        if _place(tx, t, event.neighbourhood_id) is None:
            tx.execute(
                t.places.insert().values(
                    neighbourhood_id=str(event.neighbourhood_id),
                    founder_id=str(event.founder_id),
                    stream_version=version,
                )
            )
    elif hasattr(event, "neighbourhood_id"):
        _membership(tx, t, event, version)
    elif hasattr(event, "resident_id"):
        _resident(tx, t, event, version)


def _membership(tx: Connection, t: SimpleNamespace, event: Any, version: int) -> None:
    place = _place(tx, t, event.neighbourhood_id)
    if place is None or place.stream_version >= version:
        return  # delivered again (a neighbourhood's stream begins with its creation)
    p, m = t.places, t.members
    where = (
        m.c.neighbourhood_id == str(event.neighbourhood_id),
        m.c.resident_id == str(event.resident_id),
    )
    match event:
        case MemberJoined():
            founder = place.founder_id == str(event.resident_id)
            tx.execute(m.delete().where(*where))
            tx.execute(
                m.insert().values(
                    neighbourhood_id=str(event.neighbourhood_id),
                    resident_id=str(event.resident_id),
                    join_id=str(event.join_id),
                    role="founder" if founder else "member",
                    since=event.joined_at,
                )
            )
        case MemberLeft() | MemberRemoved() | MemberWithdrawn():
            tx.execute(m.delete().where(*where, m.c.join_id == str(event.join_id)))
        case ModeratorAppointed() | ModeratorRoleAccepted():
            tx.execute(m.update().where(*where).values(role="moderator"))
        case ModeratorDismissed():
            tx.execute(m.update().where(*where).values(role="member"))
        case FounderRolePassed():
            tx.execute(m.update().where(*where).values(role="founder"))
            tx.execute(
                p.update()
                .where(p.c.neighbourhood_id == str(event.neighbourhood_id))
                .values(founder_id=str(event.resident_id))
            )
    tx.execute(
        p.update()
        .where(p.c.neighbourhood_id == str(event.neighbourhood_id))
        .values(stream_version=version)
    )


def _resident(tx: Connection, t: SimpleNamespace, event: Any, version: int) -> None:
    resident_id = str(event.resident_id)
    blank = _blank(event.resident_id)
    learn(tx, t.residents, "resident_id", resident_id, version, partial(_changes, event), blank)


def _changes(event: Any, row: Any) -> dict[str, Any]:
    match event:
        case ResidentRegistered() | ProfileChanged():
            return profile(event) or {}
        case AddressDeclared():
            return {
                "address_id": str(event.address_id),
                "street": street_of(plain(event.line)),
                "latitude": _street_level(plain(event.latitude)),
                "longitude": _street_level(plain(event.longitude)),
                "verified": False,  # moving house: the old proof says nothing of the new home
            }
        case AddressVerified() if row is not None and row.address_id == str(event.address_id):
            return {"verified": True}
        case ResidentErased():
            return {**_blank(event.resident_id), "erased": True}
    return {}


def _blank(resident_id: uuid.UUID) -> dict[str, Any]:
    return {
        "resident_id": str(resident_id),
        "display_name": None,
        "address_disclosure": DEFAULT_DISCLOSURE,
        "address_id": None,
        "street": None,
        "latitude": None,
        "longitude": None,
        "verified": False,
        "erased": False,
    }


def _street_level(degrees: float | None) -> float | None:
    return None if degrees is None else round(round(degrees / STREET_DEGREES) * STREET_DEGREES, 6)


def _place(tx: Connection, t: SimpleNamespace, neighbourhood_id: uuid.UUID) -> Any:
    p = t.places
    return tx.execute(sa.select(p).where(p.c.neighbourhood_id == str(neighbourhood_id))).first()


# Queries


def member_of(conn: Connection, t: SimpleNamespace, resident_id: uuid.UUID) -> frozenset[uuid.UUID]:
    """The neighbourhoods the resident is a member of now."""
    m = t.members
    rows = conn.execute(sa.select(m.c.neighbourhood_id).where(m.c.resident_id == str(resident_id)))
    return frozenset(uuid.UUID(x) for x in rows.scalars())


def moderates(conn: Connection, t: SimpleNamespace, resident_id: uuid.UUID) -> frozenset[uuid.UUID]:
    """The neighbourhoods the resident moderates now (the founder is a moderator)."""
    m = t.members
    rows = conn.execute(
        sa.select(m.c.neighbourhood_id).where(
            m.c.resident_id == str(resident_id), m.c.role.in_(MODERATING)
        )
    )
    return frozenset(uuid.UUID(x) for x in rows.scalars())


def shown_street(row: Any) -> str | None:
    """The street neighbours may see: only of a verified home, and not when its resident
    discloses nothing ('none')."""
    if row is None or row.erased or not row.verified or row.address_disclosure == "none":
        return None
    return row.street  # type: ignore[no-any-return]


def street_point(row: Any) -> tuple[float, float] | None:
    """The street-level point (lon, lat) of a verified, disclosed home; None otherwise."""
    if row is None or row.erased or not row.verified or row.address_disclosure == "none":
        return None
    return None if row.longitude is None else (row.longitude, row.latitude)
