"""The ops service's doors: each first checks that the caller (a resident id, named by the
gateway from the session) holds the operator role, as identity's events say, then reads.
Reading a resident's trail is recorded before the answer leaves (docs/decisions/0033, 0036)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from contracts import Metadata
from contracts.ops import events, refusals
from services.eventstore import ANY
from services.ops import audit_lookup
from services.ops import audit_reading as reading
from services.ops.projections import audit_index, operators
from services.ops.service.errors import DOOR, Refused, done, door, not_an_operator, rpc_door, uid
from services.runtime.config import from_config
from services.runtime.read_models import reading as caught_up
from services.runtime.status_report import report

# The longest stream name, correlation id or moment a door takes.
LONGEST = 200


def _operator(service: Any, viewer_id: str, after: str | None) -> uuid.UUID:
    who = uid(viewer_id, "viewer_id")
    with caught_up(service.read, after, DOOR) as conn:
        if not operators.is_operator(conn, service.read.operators, who):
            raise not_an_operator()
    return who


def _indexed(service: Any) -> audit_lookup.Indexed:
    """Lookups through the service's own audit index, completed from the log past its
    checkpoint (read first): nothing to wait for, and nothing missed while it catches up."""
    read, store = service.read, service.log.store
    found = audit_lookup.checkpoint(read.engine)
    tables = read.tables(audit_index.NAME)
    position = None if found is None else found[1]
    return audit_lookup.indexed(
        store, read.engine, tables, position, lambda after, _what: store.read_all(after, None)
    )


@rpc_door
@door
def operator(service: Any, viewer_id: str, after: str | None = None) -> dict[str, Any]:
    """{operator: true} for an operator; not_an_operator otherwise. For the gateway's routes
    that go to another service's doors next (identity's proof review)."""
    _operator(service, viewer_id, after)
    return {"operator": True}


@rpc_door
@door
def status(service: Any, viewer_id: str, after: str | None = None) -> dict[str, Any]:
    """Head of the log, the relay's checkpoint, each subscriber's position and stuck state."""
    _operator(service, viewer_id, after)
    relay_db = service.config.get("QUARTIER_RELAY_DB") or None
    return report(service.log.store, from_config(service.config), relay_db)


@rpc_door
@door
def audit_stream(
    service: Any, viewer_id: str, stream: str, as_of: str | None = None, after: str | None = None
) -> dict[str, Any]:
    """{stream, events}; with `as_of` (a position or an ISO 8601 time) {stream, as_of, version,
    state, after}: the stream folded up to that moment, and what came after."""
    _operator(service, viewer_id, after)
    name = DOOR.text(stream, "stream", LONGEST)
    log = service.log
    try:
        if as_of is None:
            return {"stream": name, "events": reading.history(log.store, log.codec, name)}
        found = reading.as_of(log.store, log.codec, name, DOOR.text(as_of, "as_of", LONGEST))
    except reading.UnknownStream as exc:
        raise Refused(refusals.UNKNOWN_STREAM, str(exc)) from None
    except reading.NoFold as exc:
        raise Refused(refusals.NO_FOLD, str(exc)) from None
    except ValueError as exc:
        raise Refused(refusals.INVALID_AS_OF, str(exc)) from None
    return {"stream": name, **found}


@rpc_door
@door
def audit_correlation(
    service: Any, viewer_id: str, correlation_id: str, after: str | None = None
) -> dict[str, Any]:
    """{correlation_id, events}: every event one request caused, in log order."""
    _operator(service, viewer_id, after)
    cid = DOOR.text(correlation_id, "correlation_id", LONGEST)
    log = service.log
    try:
        found = reading.correlation(_indexed(service), log.codec, cid)
    except LookupError as exc:
        raise Refused(refusals.UNKNOWN_CORRELATION, str(exc)) from None
    return {"correlation_id": cid, "events": found}


@rpc_door
@door
def audit_resident(
    service: Any,
    command_id: str,
    viewer_id: str,
    resident_id: str,
    reason: str,
    after: str | None = None,
) -> dict[str, Any]:
    """{resident_id, erased, events, position}: every event by or about the resident. The
    reading is recorded first (ops.ResidentAuditRead, the operator as its actor): a reading
    that cannot be recorded is not answered."""
    cid = uid(command_id, "command_id")
    who = _operator(service, viewer_id, after)
    rid = str(uid(resident_id, "resident_id"))
    why = DOOR.text(reason, "reason", events.MAX_REASON).strip()
    if not why:
        raise DOOR.invalid("reason must say why")
    log = service.log
    shown = reading.entries(log.codec, reading.trail(_indexed(service), rid))
    read = events.ResidentAuditRead(str(who), uuid.UUID(rid), why, len(shown), datetime.now(UTC))
    metadata = Metadata.start(f"resident:{who}", cid)
    # The event's id comes from the command's: a retried request records one reading.
    event_id = uuid.uuid5(cid, "ops.ResidentAuditRead")
    recorded = log.store.append(
        events.audit_stream(str(who)), [log.codec.encode(read, metadata, event_id)], ANY
    )
    answer = done(str(recorded.position), resident_id=rid)
    return {**answer, "erased": log.keyring.is_erased(rid), "events": shown}


DOORS = (operator, status, audit_stream, audit_correlation, audit_resident)
