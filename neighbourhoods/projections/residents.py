"""Residents as the neighbourhoods context needs them, learnt from identity's events: display
name, how much of their address neighbours may see, their declared address and whether it is
verified, whether they are a platform operator, and erasure. Identity's tables are never read:
this is neighbourhoods' own copy.

Personal values are decoded with the codec (the resident's own key) and kept in this service's
own database for its queries; whatever reads back ERASED is stored as NULL, so a rebuild after an
erasure gives the same rows as the live read model. Moving house (a new AddressDeclared) withdraws
the verification until the new address is verified; a verification of an older address changes
nothing.

Each row remembers the version of the last event of the resident's stream it applied, so an
event delivered again (or an older one replayed) is passed over: the rows are the same however
often identity's events arrive.

    subscriber = residents(codec)
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
    RoleGranted,
    RoleRevoked,
)
from contracts.pii import plain
from services.eventstore.codec import Codec
from services.subscriptions import Subscriber, generations
from services.subscriptions.residents import profile, street_of
from services.subscriptions.subscriber import each_batch, each_event
from services.subscriptions.versioned import Learnt, learn, learn_batch, row

NAME = "neighbourhoods.residents"
VERSION = 2
TYPES = (*NEIGHBOUR_CHANGES, "identity.RoleGranted", "identity.RoleRevoked")
# An erasure, a profile change (the name it replaces) and a move (the old home) leave no copy
# on disk (docs/decisions/0008).
SCRUB_AFTER = ("identity.ResidentErased", "identity.ProfileChanged", "identity.AddressDeclared")
DEFAULT_DISCLOSURE = "street"

RESIDENTS = sa.Table(
    "neighbourhoods_residents",
    sa.MetaData(),
    sa.Column("resident_id", sa.String(36), primary_key=True),
    sa.Column("display_name", sa.String(100)),
    sa.Column("address_disclosure", sa.String(10), nullable=False),
    sa.Column("address_id", sa.String(36)),
    sa.Column("line", sa.String(200)),
    sa.Column("street", sa.String(200)),
    sa.Column("postcode", sa.String(20)),
    sa.Column("city", sa.String(100)),
    sa.Column("latitude", sa.Float),
    sa.Column("longitude", sa.Float),
    sa.Column("verified", sa.Boolean, nullable=False),
    sa.Column("verified_at", sa.DateTime(timezone=True)),
    sa.Column("erased", sa.Boolean, nullable=False),
    # A platform operator decides boundary proposals (docs/decisions/0006).
    sa.Column("operator", sa.Boolean, nullable=False, default=False),
    sa.Column("stream_version", sa.Integer, nullable=False),
)
define = generations(residents=RESIDENTS)


# A resident's row before any event of theirs (its key aside).
BLANK: dict[str, Any] = {
    "display_name": None,
    "address_disclosure": DEFAULT_DISCLOSURE,
    "address_id": None,
    "line": None,
    "street": None,
    "postcode": None,
    "city": None,
    "latitude": None,
    "longitude": None,
    "verified": False,
    "verified_at": None,
    "erased": False,
    "operator": False,
}


def residents(codec: Codec) -> Subscriber:
    return Subscriber(
        NAME,
        each_event(codec, apply),
        define=define,
        types=TYPES,
        version=VERSION,
        scrub_after=SCRUB_AFTER,
        handle_batch=each_batch(codec, apply_batch),
    )


LEARNT = (
    ResidentRegistered
    | ProfileChanged
    | AddressDeclared
    | AddressVerified
    | ResidentErased
    | RoleGranted
    | RoleRevoked
)


def apply(tx: Connection, t: SimpleNamespace, event: Any, version: int) -> None:
    """One decoded identity event into the residents table (inside the subscriber's
    transaction); `version` is its place in the resident's stream."""
    if isinstance(event, LEARNT):
        learn(tx, t.residents, "resident_id", *_learnt(event, version))


def apply_batch(tx: Connection, t: SimpleNamespace, events: list[tuple[Any, int]]) -> None:
    """Decoded identity events (with their versions) in log order, as `apply` one by one."""
    learn_batch(
        tx, t.residents, "resident_id", [_learnt(e, v) for e, v in events if isinstance(e, LEARNT)]
    )


def _learnt(event: Any, version: int) -> Learnt:
    key = str(event.resident_id)
    return (key, version, partial(_changes, event), {"resident_id": key, **BLANK})


def _changes(event: Any, row: Any) -> dict[str, Any] | None:
    match event:
        case ResidentRegistered() | ProfileChanged():
            return profile(event)
        case AddressDeclared():
            line = plain(event.line)
            return {
                "address_id": str(event.address_id),
                "line": line,
                "street": street_of(line),
                "postcode": plain(event.postcode),
                "city": plain(event.city),
                "latitude": plain(event.latitude),
                "longitude": plain(event.longitude),
                "verified": False,  # moving house: the old proof says nothing of the new home
                "verified_at": None,
            }
        case AddressVerified():
            if row is None or row.address_id != str(event.address_id):
                return None  # the proof of an address the resident no longer declares
            return {"verified": True, "verified_at": event.verified_at}
        case ResidentErased():
            return {**_blank(event.resident_id), "erased": True}
        case RoleGranted() | RoleRevoked() if event.role == "operator":
            return {"operator": isinstance(event, RoleGranted)}
    return None


def _blank(resident_id: uuid.UUID) -> dict[str, Any]:
    return {"resident_id": str(resident_id), **BLANK}


def _row(tx: Connection, t: SimpleNamespace, resident_id: uuid.UUID) -> Any:
    return row(tx, t.residents, "resident_id", str(resident_id))


# Queries


def resident(conn: Connection, t: SimpleNamespace, resident_id: uuid.UUID) -> dict[str, Any] | None:
    """The resident as neighbourhoods knows them, None when identity never told of them."""
    row = _row(conn, t, resident_id)
    return None if row is None else dict(row._mapping)


def verified_home(
    conn: Connection, t: SimpleNamespace, resident_id: uuid.UUID
) -> tuple[float, float] | None:
    """The verified home point (lon, lat); None while unverified, unlocated or erased."""
    r = t.residents
    row = conn.execute(
        sa.select(r.c.longitude, r.c.latitude).where(
            r.c.resident_id == str(resident_id),
            r.c.verified.is_(True),
            r.c.erased.is_(False),
            r.c.longitude.is_not(None),
            r.c.latitude.is_not(None),
        )
    ).first()
    return None if row is None else (row.longitude, row.latitude)


def is_operator(conn: Connection, t: SimpleNamespace, resident_id: uuid.UUID) -> bool:
    """True while identity says the resident holds the platform's operator role."""
    row = _row(conn, t, resident_id)
    return row is not None and bool(row.operator) and not row.erased


def shown_address(row: Any) -> dict[str, Any] | None:
    """What neighbours may see of a resident's address, by their disclosure level: the street's
    name ('street', the default), the whole address ('full') or nothing ('none'). Only a verified
    address is shown: a declared one is the resident's word alone."""
    if row.erased or not row.verified:
        return None
    if row.address_disclosure == "full":
        return {"street": row.street, "line": row.line, "postcode": row.postcode, "city": row.city}
    if row.address_disclosure == "street" and row.street is not None:
        return {"street": row.street}
    return None
