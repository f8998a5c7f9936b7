"""The neighbourhoods service's boundary doors: redrawing a boundary, and the proposals that
operators decide. Mixed into NeighbourhoodsService (service/__init__.py).

No answer here depends on where members live (docs/decisions/0006): a redrawing is applied (it
covers the old boundary), proposed (any other) or refused for its shape alone.
"""

from __future__ import annotations

import uuid
from typing import Any

from neighbourhoods.domain.errors import NotAnOperator, UnknownProposal
from neighbourhoods.projections import proposals, residents
from neighbourhoods.service.errors import DOOR, NOTE, done, geojson
from neighbourhoods.service.queries import reading
from services.subscriptions.columns import iso


@DOOR.rpc
@DOOR.wrap
def change_boundary(
    service: Any,
    command_id: str,
    neighbourhood_id: str,
    actor_id: str,
    boundary: Any,
    reason: str | None = None,
) -> dict[str, Any]:
    """Founder or moderators. -> {position, status: applied | proposed, proposal_id (when
    proposed)}. A boundary covering the current one applies at once; any other awaits an
    operator. not_a_moderator, too_many_boundary_attempts (details.limit,
    retry_after_seconds), invalid_boundary, boundary_too_small, boundary_too_large (each
    recorded as an attempt), note_too_long."""
    redrawn = service.handlers.change_boundary(
        DOOR.uid(command_id, "command_id"),
        DOOR.uid(neighbourhood_id, "neighbourhood_id"),
        DOOR.uid(actor_id, "actor_id"),
        geojson(boundary),
        DOOR.maybe(reason, "reason", NOTE),
    )
    if redrawn.proposal_id is None:
        return done(redrawn.position, status=redrawn.status)
    return done(redrawn.position, status=redrawn.status, proposal_id=redrawn.proposal_id)


@DOOR.rpc
@DOOR.wrap
def boundary_proposals(service: Any, viewer: str, after: str | None = None) -> list[dict[str, Any]]:
    """Operators only, oldest first: [{proposal_id, neighbourhood_id, name, current_boundary,
    boundary, area_km2, reason, proposed_at}]. not_an_operator."""
    who = DOOR.uid(viewer, "viewer")
    with reading(service, after) as conn:
        if not residents.is_operator(conn, service.read.residents, who):
            raise NotAnOperator("only an operator may do this")
        found = proposals.pending(conn, service.read.places)
    return [{**p, "proposed_at": iso(p["proposed_at"])} for p in found]


@DOOR.rpc
@DOOR.wrap
def decide_boundary_proposal(
    service: Any,
    command_id: str,
    proposal_id: str,
    operator_id: str,
    approve: bool,
    reason: str | None = None,
    after: str | None = None,
) -> dict[str, Any]:
    """An operator approves (the boundary then applies; members whose homes fall outside
    stay members) or rejects (saying why) a proposal. -> {position}. not_an_operator,
    unknown_proposal, proposal_already_decided, reason_required, note_too_long."""
    cid, pid, who = (
        DOOR.uid(command_id, "command_id"),
        DOOR.uid(proposal_id, "proposal_id"),
        DOOR.uid(operator_id, "operator_id"),
    )
    if not isinstance(approve, bool):
        raise DOOR.invalid("approve must be true or false")
    with reading(service, after) as conn:
        operator = residents.is_operator(conn, service.read.residents, who)
        nid = proposals.neighbourhood_of(conn, service.read.places, pid)
    if not operator:
        raise NotAnOperator("only an operator may do this")
    if nid is None:
        raise UnknownProposal("there is no such boundary proposal")
    position = service.handlers.decide_boundary_proposal(
        cid, uuid.UUID(nid), pid, who, operator, approve, DOOR.maybe(reason, "reason", NOTE)
    )
    return done(position)


DOORS = (
    change_boundary,
    boundary_proposals,
    decide_boundary_proposal,
)
