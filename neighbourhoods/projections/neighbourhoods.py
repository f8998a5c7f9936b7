"""Neighbourhoods' read model of its own events: each neighbourhood (name, description, boundary,
status, member count, founder), its members and their roles, its moderation log, the rejoin
requests awaiting a moderator, the moderator role offered, the boundary proposals awaiting an
operator (proposals.py) and the spatial index of boundaries (spatial.py). The residents these
rows name are described by residents.py.

Free text about a person (a removal reason, a rejoin message) is sealed with that person's key:
decoded here, stored in this service's own database, and NULL once they are erased, in the live
rows (erasure clears them) as in a rebuild (the text reads back ERASED).

Each neighbourhood row remembers the version of its stream last applied, so an event delivered
again is passed over.

    subscriber = read_model(codec)
"""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from shapely.geometry import shape
from sqlalchemy.engine import Connection

from contracts.identity.events import ResidentErased
from contracts.neighbourhoods.events import (
    CONTRACTS,
    MODERATION_EVENTS,
    BoundaryChanged,
    FounderRolePassed,
    MemberJoined,
    MemberLeft,
    MemberRemoved,
    MemberWithdrawn,
    ModeratorAppointed,
    ModeratorDismissed,
    ModeratorRoleAccepted,
    ModeratorRoleDeclined,
    ModeratorRoleOffered,
    NeighbourhoodCreated,
    NeighbourhoodDescriptionChanged,
    NeighbourhoodOpened,
    NeighbourhoodRenamed,
    RejoinApproved,
    RejoinRequested,
)
from contracts.pii import plain
from neighbourhoods.projections import proposals, spatial
from neighbourhoods.projections.log import erase_resident, log_entry
from neighbourhoods.projections.tables import define
from services.eventstore.codec import Codec, DecodedEvent
from services.subscriptions import Subscriber
from services.subscriptions.subscriber import decoding

NAME = "neighbourhoods.read_model"
VERSION = 2
_OWN_STREAMS = {"neighbourhoods.MembershipReserved", "neighbourhoods.MembershipReleased"}
_NOT_HERE = _OWN_STREAMS | {"neighbourhoods.ResidentWithdrawn"}
TYPES = (*(c.type for c in CONTRACTS if c.type not in _NOT_HERE), "identity.ResidentErased")
"""Every event of a neighbourhood's stream, and the erasure of a resident (the free text written
about them is forgotten)."""
SCRUB_AFTER = ("identity.ResidentErased",)
"""The free text forgotten at an erasure leaves no copy on disk (docs/decisions/0008)."""
ROLES = ("founder", "moderator", "member")


def read_model(codec: Codec) -> Subscriber:
    handle = decoding(codec, apply)
    return Subscriber(
        NAME, handle, define=define, types=TYPES, version=VERSION, scrub_after=SCRUB_AFTER
    )


def apply(tx: Connection, t: SimpleNamespace, decoded: DecodedEvent[Any]) -> None:
    """One decoded event of a neighbourhood's stream into the tables, inside the subscriber's
    transaction."""
    event, version = decoded.event, decoded.recorded.version
    if isinstance(event, ResidentErased):
        erase_resident(tx, t, event.resident_id)
        return
    if isinstance(event, NeighbourhoodCreated):
        if _place(tx, t, event.neighbourhood_id) is None:
            _created(tx, t, event, version)
        return
    place = _place(tx, t, event.neighbourhood_id)
    if place is None or place.stream_version >= version:
        return  # delivered again
    _apply(tx, t, event)
    proposals.apply(tx, t, event)
    if decoded.recorded.type in MODERATION_EVENTS:
        log_entry(tx, t, decoded)
    tx.execute(_where(t.places.update(), t.places, event).values(stream_version=version))


def _created(tx: Connection, t: SimpleNamespace, event: NeighbourhoodCreated, version: int) -> None:
    tx.execute(
        t.places.insert().values(
            neighbourhood_id=str(event.neighbourhood_id),
            name=event.name,
            description=event.description,
            boundary=event.boundary,
            area_km2=event.area_km2,
            status="forming",
            member_count=0,
            founder_id=str(event.founder_id),
            created_at=event.created_at,
            opened_at=None,
            stream_version=version,
        )
    )
    spatial.place(tx, t, event.neighbourhood_id, shape(event.boundary))


def _apply(tx: Connection, t: SimpleNamespace, event: Any) -> None:
    places = t.places
    match event:
        case NeighbourhoodRenamed():
            tx.execute(_where(places.update(), places, event).values(name=event.name))
        case NeighbourhoodDescriptionChanged():
            tx.execute(_where(places.update(), places, event).values(description=event.description))
        case BoundaryChanged():
            tx.execute(
                _where(places.update(), places, event).values(
                    boundary=event.boundary, area_km2=event.area_km2
                )
            )
            spatial.place(tx, t, event.neighbourhood_id, shape(event.boundary))
        case NeighbourhoodOpened():
            tx.execute(
                _where(places.update(), places, event).values(
                    status="open", opened_at=event.opened_at
                )
            )
        case MemberJoined():
            _joined(tx, t, event)
        case MemberLeft() | MemberRemoved() | MemberWithdrawn():
            _gone(tx, t, event)
        case ModeratorAppointed() | ModeratorRoleAccepted():
            _role(tx, t, event, "moderator")
            _delete(tx, t.offers, event)
        case ModeratorDismissed():
            _role(tx, t, event, "member")
        case ModeratorRoleOffered():
            _delete(tx, t.offers, event)
            tx.execute(t.offers.insert().values(**_ids(event), offered_at=event.offered_at))
        case ModeratorRoleDeclined():
            _delete(tx, t.offers, event)
        case FounderRolePassed():
            _role(tx, t, event, "founder")
            tx.execute(
                _where(places.update(), places, event).values(founder_id=str(event.resident_id))
            )
        case RejoinRequested():
            _delete(tx, t.rejoin_requests, event)
            tx.execute(
                t.rejoin_requests.insert().values(
                    **_ids(event), message=plain(event.message), requested_at=event.requested_at
                )
            )
        case RejoinApproved():
            _delete(tx, t.rejoin_requests, event)


def _joined(tx: Connection, t: SimpleNamespace, event: MemberJoined) -> None:
    place = _place(tx, t, event.neighbourhood_id)
    founder = place is not None and place.founder_id == str(event.resident_id)
    _delete(tx, t.members, event)
    tx.execute(
        t.members.insert().values(
            **_ids(event),
            join_id=str(event.join_id),
            role="founder" if founder else "member",
            since=event.joined_at,
        )
    )
    _recount(tx, t, event.neighbourhood_id)


def _gone(tx: Connection, t: SimpleNamespace, event: Any) -> None:
    m = t.members
    tx.execute(
        _where(m.delete(), m, event).where(
            m.c.resident_id == str(event.resident_id), m.c.join_id == str(event.join_id)
        )
    )
    _delete(tx, t.offers, event)
    _recount(tx, t, event.neighbourhood_id)


def _recount(tx: Connection, t: SimpleNamespace, neighbourhood_id: uuid.UUID) -> None:
    m = t.members
    count = sa.select(sa.func.count()).where(m.c.neighbourhood_id == str(neighbourhood_id))
    tx.execute(
        t.places.update()
        .where(t.places.c.neighbourhood_id == str(neighbourhood_id))
        .values(member_count=count.scalar_subquery())
    )


def _role(tx: Connection, t: SimpleNamespace, event: Any, role: str) -> None:
    m = t.members
    tx.execute(
        _where(m.update(), m, event)
        .where(m.c.resident_id == str(event.resident_id))
        .values(role=role)
    )


def _place(tx: Connection, t: SimpleNamespace, neighbourhood_id: uuid.UUID) -> Any:
    p = t.places
    return tx.execute(sa.select(p).where(p.c.neighbourhood_id == str(neighbourhood_id))).first()


def _where(statement: Any, table: sa.Table, event: Any) -> Any:
    return statement.where(table.c.neighbourhood_id == str(event.neighbourhood_id))


def _delete(tx: Connection, table: sa.Table, event: Any) -> None:
    tx.execute(
        _where(table.delete(), table, event).where(table.c.resident_id == str(event.resident_id))
    )


def _ids(event: Any) -> dict[str, str]:
    return {"neighbourhood_id": str(event.neighbourhood_id), "resident_id": str(event.resident_id)}
