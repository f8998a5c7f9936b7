"""The operators' routes over the log: where the platform stands, and the audit of a stream (as
of a moment), of a resident (the reading recorded, with its reason) and of a correlation id. In
ops' route table (api/ops/__init__.py); the ops service checks the operator role."""

from __future__ import annotations

from contracts.ops import refusals
from services.gateway.api.ops import schemas
from services.gateway.api.ops.calls import API, SCAN_SECONDS, TAG
from services.gateway.http.routing import Call, Door, Reply


@API.route(
    "GET",
    "/ops/status",
    "Where the platform stands (operators)",
    200,
    schemas.Status,
    tag=TAG,
    description="The log's head, the relay's checkpoint, every read model's position and state.",
    refusals=(refusals.NOT_AN_OPERATOR,),
)
def status(door: Door, call: Call) -> Reply:
    return API.query(door, call, "status", schemas.Status, viewer="viewer_id")


@API.route(
    "GET",
    "/ops/audit/streams/<stream>",
    "The audit of a stream (operators)",
    200,
    schemas.StreamAudit,
    query=schemas.AsOf,
    tag=TAG,
    description=(
        "Every event of the stream, decoded. With as_of (a position, or an ISO 8601 time): the "
        "stream's state then, folded by its context, and the events that came after."
    ),
    refusals=(
        refusals.NOT_AN_OPERATOR,
        refusals.UNKNOWN_STREAM,
        refusals.INVALID_AS_OF,
        refusals.NO_FOLD,
    ),
)
def audit_stream(door: Door, call: Call) -> Reply:
    moment = call.query.get("as_of")
    return API.query(
        door,
        call,
        "audit_stream",
        schemas.StreamAudit,
        **({} if moment is None else {"as_of": moment}),
    )


@API.route(
    "GET",
    "/ops/audit/residents/<uuid:resident_id>",
    "The audit trail of a resident (operators; the reading is recorded)",
    200,
    schemas.ResidentAudit,
    query=schemas.Why,
    tag=TAG,
    description=(
        "Every event by or about the resident, and every event of the same requests. The "
        "reading is recorded first (ops.ResidentAuditRead: the operator, the resident, the "
        "reason): the resident's own trail then shows who read it."
    ),
    refusals=(refusals.NOT_AN_OPERATOR,),
)
def audit_resident(door: Door, call: Call) -> Reply:
    return API.query(
        door,
        call,
        "audit_resident",
        schemas.ResidentAudit,
        scan=SCAN_SECONDS,
        command_id=call.command_id(),
        reason=call.query["reason"],
    )


@API.route(
    "GET",
    "/ops/audit/correlations/<correlation_id>",
    "Everything one request caused (operators)",
    200,
    schemas.CorrelationAudit,
    tag=TAG,
    description="The events whose correlation id is this one (a request id), in log order.",
    refusals=(refusals.NOT_AN_OPERATOR, refusals.UNKNOWN_CORRELATION),
)
def audit_correlation(door: Door, call: Call) -> Reply:
    return API.query(door, call, "audit_correlation", schemas.CorrelationAudit, scan=SCAN_SECONDS)
