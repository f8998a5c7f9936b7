"""The operators' routes about neighbourhoods: the boundary proposals awaiting a decision, and
the decision. In neighbourhoods' route table (api/neighbourhoods/__init__.py).

The neighbourhoods service checks the operator role (it learns it from identity's events): a
resident who is not an operator gets 403 forbidden, and sees nothing of any proposal.
"""

from __future__ import annotations

from contracts.neighbourhoods import refusals
from services.gateway.api.neighbourhoods import ops_schemas as ops
from services.gateway.api.neighbourhoods.calls import API, reading
from services.gateway.http import schemas
from services.gateway.http.routing import Call, Door, Reply

PROPOSALS = "/ops/boundary-proposals"
TAG = "operators"


@API.route(
    "GET",
    PROPOSALS,
    "Boundary proposals awaiting a decision (operators)",
    200,
    ops.BoundaryProposals,
    tag=TAG,
    description=(
        "Operators only, oldest first: each proposal's "
        "neighbourhood, its current and proposed boundaries and the proposer's note. "
        "Decide on the place: members whose homes fall outside stay members."
    ),
    refusals=(refusals.NOT_AN_OPERATOR,),
)
def boundary_proposals(door: Door, call: Call) -> Reply:
    """The boundary changes that give up area, waiting for an operator."""
    return API.query(
        door, call, "boundary_proposals", ops.BoundaryProposal, viewer="viewer", key="proposals"
    )


@API.route(
    "POST",
    f"{PROPOSALS}/<uuid:proposal_id>/decision",
    "Approve or reject a boundary proposal (operators)",
    200,
    schemas.Positioned,
    body=ops.BoundaryDecision,
    limit="posting",
    tag=TAG,
    description=(
        "decision approve: the proposed boundary applies; reject: `reason` says why. "
        "Both show in the neighbourhood's moderation log, as the operators' decision."
    ),
    refusals=(
        refusals.NOT_AN_OPERATOR,
        refusals.UNKNOWN_PROPOSAL,
        refusals.PROPOSAL_ALREADY_DECIDED,
        refusals.NOTE_TOO_LONG,
    ),
)
def boundary_proposal_decision(door: Door, call: Call) -> Reply:
    """Decide a boundary proposal."""
    return API.done(
        200,
        door,
        call,
        "decide_boundary_proposal",
        operator_id=call.resident_id,
        approve=call.body["decision"] == "approve",
        reason=call.body.get("reason"),
        **reading(call),
    )
