"""Bodies of a redrawn boundary's answer and of the operators' boundary proposals
(ops.py). Nothing here says where a member lives: a redrawing is applied
or proposed, whatever the homes (docs/decisions/0006)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from services.gateway.api.neighbourhoods.boundary import Boundary
from services.gateway.api.neighbourhoods.schemas import MAX_NOTE
from services.gateway.http.schemas import Decision, position
from services.gateway.http.text import Text

REDRAWN = ("applied", "proposed")


class NeighbourhoodChanged(Schema):
    """PATCH /neighbourhoods/{id}: 200 with status applied (or no boundary given), 202 with
    status proposed and the proposal's id."""

    position = position()
    status = fields.String(
        validate=validate.OneOf(REDRAWN),
        metadata={"description": "What became of the boundary, when one was given."},
    )
    proposal_id = fields.UUID(metadata={"description": "The proposal awaiting an operator."})


class BoundaryProposal(Schema):
    proposal_id = fields.UUID(required=True)
    neighbourhood_id = fields.UUID(required=True)
    name = fields.String(required=True)
    current_boundary = Boundary(answer=True, required=True)
    boundary = Boundary(answer=True, required=True)
    area_km2 = fields.Float(required=True)
    reason = fields.String(required=True, allow_none=True)
    proposed_at = fields.AwareDateTime(required=True)


class BoundaryProposals(Schema):
    proposals = fields.List(fields.Nested(BoundaryProposal), required=True)


class BoundaryDecision(Decision):
    REJECTED = "Say why the proposal is rejected."

    reason = Text(
        1,
        MAX_NOTE,
        lines=True,
        metadata={"description": "Shown to the neighbourhood's members; required to reject."},
    )
