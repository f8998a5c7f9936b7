"""The neighbourhoods service's queries: read-your-writes reads of its read models
(projections*.py), and the facts its commands bring from them. Mixed into NeighbourhoodsService
(service/__init__.py)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.engine import Connection

from neighbourhoods.commands import VerifiedHome
from neighbourhoods.domain.errors import NotAMember, NotVerified, UnknownNeighbourhood
from neighbourhoods.domain.geometry import Point
from neighbourhoods.projections import queries, residents
from neighbourhoods.projections.queries import membership
from neighbourhoods.service.errors import DOOR, degrees
from services.runtime import read_models
from services.subscriptions.columns import aware


@DOOR.rpc
@DOOR.wrap
def get(
    service: Any, neighbourhood_id: str, viewer: str | None = None, after: str | None = None
) -> dict[str, Any]:
    """-> {neighbourhood_id, name, boundary (GeoJSON), member_count, member: false} for a
    non-member (or no viewer); a member also gets {description, status (forming | open),
    area_km2, founder: {resident_id, display_name}, created_at, opened_at, viewer: {role,
    since, moderator_offer}}; a moderator also {rejoin_requests: [{resident_id,
    display_name, message, requested_at}], moderator_offers: [{resident_id, display_name,
    offered_at}]}. not_found."""
    nid, who = DOOR.uid(neighbourhood_id, "neighbourhood_id"), DOOR.maybe_uid(viewer, "viewer")
    with reading(service, after) as conn:
        found = queries.neighbourhood(conn, service.read.places, service.read.residents, nid, who)
    if found is None:
        raise UnknownNeighbourhood("no neighbourhood with this id")
    return found


@DOOR.rpc
@DOOR.wrap
def find(service: Any, lat: float, lon: float, after: str | None = None) -> list[dict[str, Any]]:
    """Neighbourhoods containing the point, then those within 1 km, nearest first:
    [{neighbourhood_id, name, boundary, member_count, status (forming | open), contains,
    distance_m}]."""
    lat_, lon_ = degrees(lat, "lat", 90), degrees(lon, "lon", 180)
    with reading(service, after) as conn:
        return queries.around(conn, service.read.places, lon_, lat_)


@DOOR.rpc
@DOOR.wrap
def find_for_resident(
    service: Any, resident_id: str, after: str | None = None
) -> list[dict[str, Any]]:
    """As find, around the resident's verified home (which is never shown). not_verified."""
    rid = DOOR.uid(resident_id, "resident_id")
    with reading(service, after) as conn:
        home = residents.verified_home(conn, service.read.residents, rid)
        if home is None:
            raise NotVerified("this resident has no verified home")
        return queries.around(conn, service.read.places, *home)


@DOOR.rpc
@DOOR.wrap
def members(
    service: Any, neighbourhood_id: str, viewer: str, after: str | None = None
) -> list[dict[str, Any]]:
    """Members only: [{resident_id, display_name, role (founder | moderator | member), since,
    address_disclosure, address: None | {street} | {street, line, postcode, city}, erased}],
    founder first, then moderators, then members, by seniority. not_found, not_a_member."""
    nid, who = DOOR.uid(neighbourhood_id, "neighbourhood_id"), DOOR.uid(viewer, "viewer")
    with reading(service, after) as conn:
        _member(service, conn, nid, who)
        return queries.members(conn, service.read.places, service.read.residents, nid)


@DOOR.rpc
@DOOR.wrap
def moderation_log(
    service: Any, neighbourhood_id: str, viewer: str, after: str | None = None
) -> list[dict[str, Any]]:
    """Members only, newest first: [{at, action, actor: {resident_id, display_name} |
    {system}, resident: None | {resident_id, display_name}, reason, reason_withheld}]; a
    reason written about a member is shown to them and to moderators only (withheld: None,
    reason_withheld true). not_found, not_a_member."""
    nid, who = DOOR.uid(neighbourhood_id, "neighbourhood_id"), DOOR.uid(viewer, "viewer")
    with reading(service, after) as conn:
        me = _member(service, conn, nid, who)
        return queries.moderation_log(conn, service.read.places, service.read.residents, nid, me)


@DOOR.rpc
@DOOR.wrap
def memberships_of(
    service: Any, resident_id: str, after: str | None = None
) -> list[dict[str, Any]]:
    """The resident's own memberships: [{neighbourhood_id, name, status, role, since,
    moderator_offer}], oldest first."""
    rid = DOOR.uid(resident_id, "resident_id")
    with reading(service, after) as conn:
        return queries.memberships_of(conn, service.read.places, rid)


# Helpers


def _member(service: Any, conn: Connection, nid: uuid.UUID, viewer: uuid.UUID) -> Any:
    me = membership(conn, service.read.places, nid, viewer)
    if me is not None:
        return me
    if queries.neighbourhood(conn, service.read.places, service.read.residents, nid, None) is None:
        raise UnknownNeighbourhood("no neighbourhood with this id")
    raise NotAMember("only members see this")


def home_of(service: Any, resident_id: uuid.UUID, after: str | None) -> VerifiedHome | None:
    """The resident's verified home, as identity's events told this service."""
    with reading(service, after) as conn:
        row = residents.resident(conn, service.read.residents, resident_id)
    if row is None or not row["verified"] or row["erased"] or row["longitude"] is None:
        return None
    return VerifiedHome(Point(row["longitude"], row["latitude"]), aware(row["verified_at"]))


reading = read_models.reader(DOOR)


DOORS = (
    get,
    find,
    find_for_resident,
    members,
    moderation_log,
    memberships_of,
)
