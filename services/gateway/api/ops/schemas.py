"""Bodies of the operators' routes: where the platform stands, what the log says (a stream, as
of a moment; a resident's trail; a correlation), the proofs of address awaiting review and the
decision on one. Event data is shown as the log holds it, decoded (free JSON)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from contracts.identity.verification import MAX_REASON as MAX_DECISION_REASON
from contracts.ops.events import MAX_REASON
from services.gateway.http.schemas import Decision, position
from services.gateway.http.text import Text

LONGEST_MOMENT = 100


class Checkpoint(Schema):
    database = fields.String(metadata={"description": "The service whose read model it is."})
    name = fields.String(required=True)
    generation = fields.Integer(required=True)
    status = fields.String(required=True)
    position = fields.String(required=True, allow_none=True)
    applied = fields.Integer(required=True)
    caught_up = fields.Boolean(required=True)
    stuck_event_id = fields.String(required=True, allow_none=True)
    attempts = fields.Integer(required=True)
    error = fields.String(allow_none=True)
    updated_at = fields.String(allow_none=True)


class LogHead(Schema):
    head = fields.String(required=True, allow_none=True)
    store = fields.String(required=True)


class Status(Schema):
    log = fields.Nested(LogHead, required=True)
    relay = fields.List(fields.Nested(Checkpoint), required=True)
    subscribers = fields.List(fields.Nested(Checkpoint), required=True)


class Entry(Schema):
    """One event as an operator reads it: who, when, why, and its data decoded (credentials
    withheld, an erased resident's data "[erased]")."""

    position = fields.String(required=True)
    recorded_at = fields.String(required=True)
    stream = fields.String(required=True)
    version = fields.Integer(required=True)
    type = fields.String(required=True)
    event_id = fields.String(required=True)
    actor = fields.String(required=True, allow_none=True)
    correlation_id = fields.String(required=True, allow_none=True)
    causation_id = fields.String(required=True, allow_none=True)
    data = fields.Raw(required=True)
    erased_fields = fields.List(fields.String(), required=True)
    decoded = fields.Boolean(required=True)


class StreamAudit(Schema):
    stream = fields.String(required=True)
    events = fields.List(fields.Nested(Entry), metadata={"description": "Without as_of."})
    as_of = fields.String(metadata={"description": "With as_of: the moment asked."})
    version = fields.Integer(allow_none=True, metadata={"description": "The last one folded."})
    state = fields.Raw(metadata={"description": "The stream's state as of that moment."})
    after = fields.List(fields.Nested(Entry), metadata={"description": "What came after."})


class ResidentAudit(Schema):
    resident_id = fields.UUID(required=True)
    erased = fields.Boolean(required=True)
    events = fields.List(fields.Nested(Entry), required=True)
    position = position()


class CorrelationAudit(Schema):
    correlation_id = fields.String(required=True)
    events = fields.List(fields.Nested(Entry), required=True)


class AsOf(Schema):
    as_of = fields.String(
        validate=validate.Length(1, LONGEST_MOMENT),
        metadata={"description": "A position of the log, or an ISO 8601 time (UTC if no zone)."},
    )


class Why(Schema):
    reason = Text(
        1,
        MAX_REASON,
        required=True,
        metadata={"description": "Why the operator reads it: recorded with the reading."},
    )


class Proof(Schema):
    document_id = fields.UUID(required=True)
    resident_id = fields.UUID(required=True)
    address_id = fields.UUID(required=True)
    content_type = fields.String(required=True)
    size_bytes = fields.Integer(required=True)
    submitted_at = fields.String(required=True)


class Proofs(Schema):
    proofs = fields.List(fields.Nested(Proof), required=True)


class ProofDecision(Decision):
    REJECTED = "Say why the document is rejected."

    reason = Text(
        1,
        MAX_DECISION_REASON,
        lines=True,
        metadata={"description": "Told to the resident; required to reject."},
    )
