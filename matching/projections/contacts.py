"""What matching learns from the other contexts' events for connections, kept in its own tables:
residents as a connection reveals them (identity's events: display name, phone, e-mail, how
much of the address they disclose, the address of a verified home, erasure) and who is a member
of which neighbourhood (neighbourhoods' events: whose thanks a resident may read).

Personal values read back ERASED are stored as NULL, so a rebuild after an erasure gives the
rows the live read model holds; an erasure, a profile change and a move leave no old copy on
disk (scrub_after, docs/decisions/0008).

    subscriber = contacts(codec)
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
from contracts.neighbourhoods.events import MEMBERSHIP_CHANGES, MemberJoined
from contracts.pii import plain
from services.eventstore.codec import Codec
from services.subscriptions import Subscriber
from services.subscriptions.residents import profile, street_of
from services.subscriptions.subscriber import each_event, generations
from services.subscriptions.versioned import learn

NAME = "matching.contacts"
VERSION = 1
TYPES = (*NEIGHBOUR_CHANGES, *MEMBERSHIP_CHANGES)
SCRUB_AFTER = ("identity.ResidentErased", "identity.ProfileChanged", "identity.AddressDeclared")
DEFAULT_DISCLOSURE = "street"


_meta = sa.MetaData()
CONTACTS = sa.Table(
    "matching_contacts",
    _meta,
    sa.Column("resident_id", sa.String(36), primary_key=True),
    sa.Column("display_name", sa.String(100)),
    sa.Column("email", sa.String(254)),
    sa.Column("phone", sa.String(30)),
    sa.Column("address_disclosure", sa.String(10), nullable=False),
    sa.Column("address_id", sa.String(36)),
    sa.Column("line", sa.String(200)),
    sa.Column("postcode", sa.String(20)),
    sa.Column("city", sa.String(100)),
    sa.Column("verified", sa.Boolean, nullable=False),
    sa.Column("erased", sa.Boolean, nullable=False),
    sa.Column("stream_version", sa.Integer, nullable=False),
)
MEMBERS = sa.Table(
    "matching_members",
    _meta,
    sa.Column("neighbourhood_id", sa.String(36), primary_key=True),
    sa.Column("resident_id", sa.String(36), primary_key=True, index=True),
    sa.Column("join_id", sa.String(36), nullable=False),
)
define = generations(residents=CONTACTS, members=MEMBERS)


def contacts(codec: Codec) -> Subscriber:
    handle = each_event(codec, apply)
    return Subscriber(
        NAME, handle, define=define, types=TYPES, version=VERSION, scrub_after=SCRUB_AFTER
    )


def apply(tx: Connection, t: SimpleNamespace, event: Any, version: int) -> None:
    if hasattr(event, "neighbourhood_id"):
        _membership(tx, t, event)
    elif hasattr(event, "resident_id"):
        rid = str(event.resident_id)
        learn(tx, t.residents, "resident_id", rid, version, partial(_changes, event), _blank(rid))


def _membership(tx: Connection, t: SimpleNamespace, event: Any) -> None:
    m = t.members
    nid, rid = str(event.neighbourhood_id), str(event.resident_id)
    where = (m.c.neighbourhood_id == nid, m.c.resident_id == rid)
    if isinstance(event, MemberJoined):
        tx.execute(m.delete().where(*where))
        tx.execute(
            m.insert().values(neighbourhood_id=nid, resident_id=rid, join_id=str(event.join_id))
        )
    else:  # left, removed or withdrawn: only the membership this event ends
        tx.execute(m.delete().where(*where, m.c.join_id == str(event.join_id)))


def _changes(event: Any, row: Any) -> dict[str, Any]:
    match event:
        case ResidentRegistered():
            return {**(profile(event) or {}), "email": plain(event.email)}
        case ProfileChanged():
            return {**(profile(event) or {}), "phone": plain(event.phone)}
        case AddressDeclared():
            return {
                "address_id": str(event.address_id),
                "line": plain(event.line),
                "postcode": plain(event.postcode),
                "city": plain(event.city),
                "verified": False,  # moving house: the old proof says nothing of the new home
            }
        case AddressVerified() if row is not None and row.address_id == str(event.address_id):
            return {"verified": True}
        case ResidentErased():
            return {**_blank(str(event.resident_id)), "erased": True}
    return {}


def _blank(resident_id: str) -> dict[str, Any]:
    return {
        "resident_id": resident_id,
        "display_name": None,
        "email": None,
        "phone": None,
        "address_disclosure": DEFAULT_DISCLOSURE,
        "address_id": None,
        "line": None,
        "postcode": None,
        "city": None,
        "verified": False,
        "erased": False,
    }


# Queries


def resident(conn: Connection, t: SimpleNamespace, resident_id: uuid.UUID | str) -> Any:
    r = t.residents
    return conn.execute(sa.select(r).where(r.c.resident_id == str(resident_id))).first()


def known(conn: Connection, t: SimpleNamespace, resident_id: uuid.UUID | str) -> bool:
    """Registered and not erased."""
    row = resident(conn, t, resident_id)
    return row is not None and not row.erased


def neighbours(conn: Connection, t: SimpleNamespace, a: uuid.UUID, b: uuid.UUID) -> bool:
    """Whether `a` and `b` are members of one neighbourhood now."""
    m = t.members
    theirs = sa.select(m.c.neighbourhood_id).where(m.c.resident_id == str(b))
    shared = sa.select(m.c.neighbourhood_id).where(
        m.c.resident_id == str(a), m.c.neighbourhood_id.in_(theirs)
    )
    return conn.execute(shared.limit(1)).first() is not None


def revealed(row: Any) -> dict[str, Any]:
    """What a connection shows of a resident (docs/decisions/0024): the display name always;
    the phone when they gave one; the e-mail and the full address when they disclose 'full';
    the street (no house number) when they disclose 'street'; an address only of a verified
    home. An erased resident shows nothing but that."""
    if row is None or row.erased:
        return {"display_name": None, "erased": True, "phone": None, "email": None, "address": None}
    full = row.address_disclosure == "full"
    address = None
    if row.verified and row.line is not None and row.address_disclosure != "none":
        if full:
            address = {"line": row.line, "postcode": row.postcode, "city": row.city}
        else:
            address = {"street": street_of(row.line), "city": row.city}
    return {
        "display_name": row.display_name,
        "erased": False,
        "phone": row.phone,
        "email": row.email if full else None,
        "address": address,
    }


def name_of(row: Any) -> str | None:
    return None if row is None or row.erased else row.display_name
