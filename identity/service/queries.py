"""The identity service's queries: read-your-writes reads of its read model (projections/).
Attached to IdentityService by its DOORS (service/__init__.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from identity.projections import queries
from identity.service.errors import DOOR, ServiceError
from services.runtime import read_models


@DOOR.rpc
@DOOR.wrap
def get_resident(service: Any, resident_id: str, after: str | None = None) -> dict[str, Any]:
    """-> {resident_id, display_name, phone, address_disclosure, language, email_confirmed,
    roles, registered_at, erased}; an erased resident keeps a row with every personal value None.
    not_found."""
    rid = DOOR.uid(resident_id, "resident_id")
    with _caught_up(service, after) as conn:
        found = queries.resident(conn, service.read.tables_now, rid)
    if found is None:
        raise ServiceError("not_found", "no resident with this id")
    return found


@DOOR.rpc
@DOOR.wrap
def find_by_email(service: Any, email: str, after: str | None = None) -> dict[str, Any]:
    """-> {resident_id or None}. For the gateway's own flows: never tell a visitor."""
    digest = service.read.email_hash(DOOR.text(email, "email", 254))
    with _caught_up(service, after) as conn:
        return {"resident_id": queries.resident_by_email(conn, service.read.tables_now, digest)}


@DOOR.rpc
@DOOR.wrap
def verification_status(service: Any, resident_id: str, after: str | None = None) -> dict[str, Any]:
    """-> {status: unverified | pending_letter | pending_document | verified, address_id,
    located, method, verified_at, letter_id, letter_expires_at, letter_attempts_left,
    vouches, erased, home: {lat, lon} | None (verified only; for the resident)}. not_found."""
    rid = DOOR.uid(resident_id, "resident_id")
    with _caught_up(service, after) as conn:
        found = queries.verification(conn, service.read.tables_now, rid, datetime.now(UTC))
    if found is None:
        raise ServiceError("not_found", "no resident with this id")
    return found


@DOOR.rpc
@DOOR.wrap
def review_queue(service: Any, after: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
    """Proofs awaiting review, oldest first: [{document_id, resident_id, address_id,
    content_type, size_bytes, submitted_at}]; ids only, never content."""
    if not isinstance(limit, int) or not 1 <= limit <= 1000:
        raise DOOR.invalid("limit must be an integer from 1 to 1000")
    with _caught_up(service, after) as conn:
        return queries.review_queue(conn, service.read.tables_now, limit)


_caught_up = read_models.reader(DOOR)


DOORS = (get_resident, find_by_email, verification_status, review_queue)
