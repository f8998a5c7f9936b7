"""The operators' routes over proofs of address: the queue awaiting review, each document, and
the decision. The ops service says whether the caller is an operator; the queue, the document
and the decision are identity's own doors, the operator acting (identity checks the role again
on the reviewer's own stream)."""

from __future__ import annotations

import base64
from typing import Any

from contracts.identity import refusals as identity
from contracts.ops import refusals
from services.gateway.api.identity.calls import IDENTITY, positioned
from services.gateway.api.neighbourhoods.schemas import shown
from services.gateway.api.ops import schemas
from services.gateway.api.ops.calls import API, TAG
from services.gateway.api.reading import reading
from services.gateway.http.errors import ApiError
from services.gateway.http.refusals import api_error
from services.gateway.http.routing import Call, Door, Reply
from services.gateway.http.schemas import Positioned

PROOFS = "/ops/proofs"
# The queue identity answers at once, oldest first: the page shows this many.
QUEUE_LENGTH = 200
PRIVATE = "private, no-store"


def _operator(door: Door, call: Call) -> None:
    API.ask(door.remote, "operator", viewer_id=call.resident_id, **reading(call))


def _queue(door: Door, call: Call) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = door.remote.call(
        IDENTITY, "review_queue", limit=QUEUE_LENGTH, **reading(call)
    )
    return found


def _queued(door: Door, call: Call) -> dict[str, Any]:
    """The queued document the path names; 404 when it awaits no review (or never existed)."""
    _operator(door, call)
    wanted = str(call.path["document_id"])
    for proof in _queue(door, call):
        if str(proof["document_id"]) == wanted:
            return proof
    raise _unknown()


def _unknown() -> ApiError:
    return api_error(identity.UNKNOWN_DOCUMENT.code, {}, {})


@API.route(
    "GET",
    PROOFS,
    "Proofs of address awaiting review (operators)",
    200,
    schemas.Proofs,
    tag=TAG,
    description=f"Oldest first, at most {QUEUE_LENGTH}: ids, kind and size, never the content.",
    refusals=(refusals.NOT_AN_OPERATOR,),
)
def proofs(door: Door, call: Call) -> Reply:
    _operator(door, call)
    return Reply(200, {"proofs": shown(schemas.Proof, _queue(door, call))})


@API.route(
    "GET",
    f"{PROOFS}/<uuid:document_id>/document",
    "A proof of address awaiting review (operators)",
    200,
    None,
    tag=TAG,
    description="The document itself (application/pdf, image/jpeg or image/png).",
    refusals=(refusals.NOT_AN_OPERATOR, identity.UNKNOWN_DOCUMENT),
)
def proof_document(door: Door, call: Call) -> Reply:
    proof = _queued(door, call)
    found = door.remote.call(
        IDENTITY,
        "proof_document",
        resident_id=str(proof["resident_id"]),
        document_id=str(proof["document_id"]),
        reviewer_id=call.resident_id,
    )
    headers = {
        "Content-Type": found["content_type"],
        "Cache-Control": PRIVATE,
        "X-Content-Type-Options": "nosniff",
        # Shown inside the page, never run as a page of this origin.
        "Content-Security-Policy": "sandbox",
    }
    return Reply(200, base64.b64decode(found["content_base64"]), headers)


@API.route(
    "POST",
    f"{PROOFS}/<uuid:document_id>/decision",
    "Approve or reject a proof of address (operators)",
    200,
    Positioned,
    body=schemas.ProofDecision,
    limit="posting",
    tag=TAG,
    description=(
        "decision approve: the resident's address is verified; reject: `reason` says why, and "
        "the resident may send another document."
    ),
    refusals=(
        refusals.NOT_AN_OPERATOR,
        identity.UNKNOWN_DOCUMENT,
        identity.NOT_ALLOWED_TO_REVIEW,
        identity.CANNOT_REVIEW_OWN_DOCUMENT,
        identity.DOCUMENT_ALREADY_DECIDED,
        identity.DOCUMENT_FOR_ANOTHER_ADDRESS,
    ),
)
def proof_decision(door: Door, call: Call) -> Reply:
    proof = _queued(door, call)
    method = "approve_proof" if call.body["decision"] == "approve" else "reject_proof"
    return positioned(
        200,
        door,
        call,
        method,
        resident_id=str(proof["resident_id"]),
        document_id=str(proof["document_id"]),
        reviewer_id=call.resident_id,
        reason=call.body.get("reason"),
    )
