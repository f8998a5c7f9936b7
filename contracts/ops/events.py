"""Contracts of what operators do through the `quartier` command line and the ops pages
(services/ops): each action that changes something, and each reading of a resident's audit
trail, is an event whose actor is the operator: `system:ops.<handle>` from the command line,
which appends these events itself; `resident:<id>` from the ops pages, through the ops service,
which names the operator by their resident id as the handle (docs/decisions/0036).

Streams:
- `ops.audit-<uuid5(OPS_NAMESPACE, handle)>`: one operator's readings of audit trails, so that
  "who looked at whom, when and why" is one stream per operator, and "who looked at this
  resident" is a filter on `ops.audit` (see docs/decisions/0033-operators-actions.md).
- `ops.ledger-<LEDGER_ID>`: the checkpoints of the log's tamper evidence, in sequence.
- `ops.replay-<uuid5(OPS_NAMESPACE, "<service>/<read model>")>`: rebuilds of one read model.
- `ops.subscriber-<uuid5(OPS_NAMESPACE, "<service>/<subscriber>")>`: events a subscriber was told
  to pass over.
- `ops.outbox-<uuid5(OPS_NAMESPACE, "<service>")>`: dead messages queued again.

No field holds personal data: operators appear by handle, residents by id.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from marshmallow import Schema, fields, validate

from ..fields import contract_of, count, schema_of, text
from ..pii import pii
from ..registry import EventContract, OldVersion, declare

OPS_NAMESPACE = uuid.UUID("5f0d7c36-3c43-4a8e-9a57-2f8f0b6a4e11")
LEDGER_ID = uuid.uuid5(OPS_NAMESPACE, "ledger")
HANDLE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")
MAX_REASON = 500


def audit_stream(handle: str) -> str:
    return f"ops.audit-{uuid.uuid5(OPS_NAMESPACE, handle)}"


def ledger_stream() -> str:
    return f"ops.ledger-{LEDGER_ID}"


def replay_stream(service: str, read_model: str) -> str:
    return f"ops.replay-{uuid.uuid5(OPS_NAMESPACE, f'{service}/{read_model}')}"


def subscriber_stream(service: str, subscriber: str) -> str:
    return f"ops.subscriber-{uuid.uuid5(OPS_NAMESPACE, f'{service}/{subscriber}')}"


def outbox_stream(service: str) -> str:
    return f"ops.outbox-{uuid.uuid5(OPS_NAMESPACE, service)}"


@dataclass(frozen=True)
class ResidentAuditRead:
    """An operator read everything the log holds by or about a resident, and said why."""

    operator: str
    resident_id: uuid.UUID
    reason: str
    events_shown: int
    read_at: datetime


@dataclass(frozen=True)
class CheckpointRecorded:
    """`quartier verify` found the log intact up to `position` and signed a checkpoint there."""

    sequence: int
    position: str
    events: int
    log_hash: str
    recorded_at: datetime


@dataclass(frozen=True)
class ReadModelReplayed:
    """A read model was rebuilt from the log: beside the live one (`into`) or switched over."""

    service: str
    read_model: str
    into: str | None
    until: str | None
    position: str | None
    events_applied: int
    switched: bool
    replayed_at: datetime


@dataclass(frozen=True)
class EventParked:
    """A stuck subscriber was told to pass over one event, and why."""

    service: str
    subscriber: str
    event_id: uuid.UUID
    reason: str
    parked_at: datetime


@dataclass(frozen=True)
class MessageRequeued:
    """A message of a service's outbox that had failed every attempt was queued again."""

    service: str
    message_id: int
    requeued_at: datetime


_HANDLE = fields.String(required=True, validate=validate.Regexp(HANDLE))
_NAME = text(validate.Length(min=1, max=200))


class ResidentAuditReadV1Schema(Schema):
    """Version 1 kept the operator's reason in clear: it reached analysts as written."""

    operator = _HANDLE
    resident_id = fields.UUID(required=True)
    reason = text(validate.Length(min=1, max=MAX_REASON))
    events_shown = count(validate.Range(min=0))
    read_at = fields.AwareDateTime(required=True)


def _same(data: dict[str, Any]) -> dict[str, Any]:
    return data


# The reason is the operator's words about a resident ("she called about her letter"): sealed
# with the operator's key as any author's words are, pseudonymised for analysts (0079).
RESIDENT_AUDIT_READ = declare(
    "ops.ResidentAuditRead",
    2,
    ResidentAuditRead,
    schema_of(
        ResidentAuditRead,
        operator=_HANDLE,
        reason=pii(text(validate.Length(min=1, max=MAX_REASON))),
        events_shown=count(validate.Range(min=0)),
    ),
    subject="operator",
    history=[OldVersion(1, ResidentAuditReadV1Schema, upcast=_same)],
)
CHECKPOINT_RECORDED = contract_of(
    "ops",
    CheckpointRecorded,
    sequence=count(validate.Range(min=1)),
    position=text(validate.Length(min=1, max=100)),
    events=count(validate.Range(min=0)),
    log_hash=text(validate.Regexp(r"^[0-9a-f]{64}$")),
)
READ_MODEL_REPLAYED = contract_of(
    "ops",
    ReadModelReplayed,
    service=_NAME,
    read_model=_NAME,
    into=text(validate.Length(min=1, max=40), nullable=True),
    until=text(validate.Length(min=1, max=100), nullable=True),
    position=text(validate.Length(min=1, max=100), nullable=True),
    events_applied=count(validate.Range(min=0)),
    switched=fields.Boolean(required=True, truthy={True}, falsy={False}),
)

EVENT_PARKED = contract_of(
    "ops",
    EventParked,
    service=_NAME,
    subscriber=_NAME,
    reason=text(validate.Length(min=1, max=MAX_REASON)),
)
MESSAGE_REQUEUED = contract_of(
    "ops", MessageRequeued, service=_NAME, message_id=count(validate.Range(min=1))
)

CONTRACTS: tuple[EventContract, ...] = (
    RESIDENT_AUDIT_READ,
    CHECKPOINT_RECORDED,
    READ_MODEL_REPLAYED,
    EVENT_PARKED,
    MESSAGE_REQUEUED,
)

OpsEvent = (
    ResidentAuditRead | CheckpointRecorded | ReadModelReplayed | EventParked | MessageRequeued
)
