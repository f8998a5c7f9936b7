"""The identity service's doors for proof documents: sending one, its review by an operator, and
the timer that deletes each one once its retention after the decision is over; and the timer
that discards the letters whose code can no longer be used. Attached to IdentityService
by its DOORS (service/__init__.py)."""

from __future__ import annotations

import base64
import binascii
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from contracts.identity.events import MAX_DOCUMENT_BYTES
from identity.handlers import derived_id
from identity.projections import queries as projections_queries
from identity.service.errors import DOOR, done
from services.runtime.sweeps import sweep
from services.runtime.timers import configured_timer

log = logging.getLogger("quartier.identity")
SWEEP_SETTING = "QUARTIER_PROOF_SWEEP_SECONDS"
SWEEP_SECONDS = 3600.0
LETTER_SWEEP_SETTING = "QUARTIER_LETTER_SWEEP_SECONDS"
# A letter younger than this is kept even if the read model does not list it yet.
LETTER_GRACE = timedelta(hours=1)


@DOOR.rpc
@DOOR.wrap
def submit_proof(
    service: Any, command_id: str, resident_id: str, content_base64: str
) -> dict[str, Any]:
    """A PDF, JPEG or PNG of at most 5 MiB, base64. -> {document_id, position}."""
    cid = DOOR.uid(command_id, "command_id")
    encoded = DOOR.text(content_base64, "content_base64", 4 * (MAX_DOCUMENT_BYTES // 3 + 1))
    try:
        content = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise DOOR.invalid("content_base64 must be base64") from None
    position = service.handlers.submit_proof_document(
        cid, DOOR.uid(resident_id, "resident_id"), content
    )
    return done(position, document_id=derived_id(cid, "document"))


@DOOR.rpc
@DOOR.wrap
def proof_document(
    service: Any, resident_id: str, document_id: str, reviewer_id: str
) -> dict[str, Any]:
    """-> {content_type, content_base64}, for an operator while the document awaits review.
    not_allowed (not an operator), not_found (unknown, decided or deleted)."""
    content_type, content = service.handlers.proof_document_for_review(
        DOOR.uid(resident_id, "resident_id"),
        DOOR.uid(document_id, "document_id"),
        DOOR.uid(reviewer_id, "reviewer_id"),
    )
    return {
        "content_type": content_type,
        "content_base64": base64.b64encode(content).decode("ascii"),
    }


@DOOR.rpc
@DOOR.wrap
def approve_proof(
    service: Any,
    command_id: str,
    resident_id: str,
    document_id: str,
    reviewer_id: str,
    reason: str | None = None,
) -> dict[str, Any]:
    """By an operator (checked by the domain on the reviewer's own stream)."""
    position = service.handlers.approve_proof_document(
        DOOR.uid(command_id, "command_id"),
        DOOR.uid(resident_id, "resident_id"),
        DOOR.uid(document_id, "document_id"),
        DOOR.uid(reviewer_id, "reviewer_id"),
        DOOR.maybe(reason, "reason"),
    )
    return done(position)


@DOOR.rpc
@DOOR.wrap
def reject_proof(
    service: Any, command_id: str, resident_id: str, document_id: str, reviewer_id: str, reason: str
) -> dict[str, Any]:
    position = service.handlers.reject_proof_document(
        DOOR.uid(command_id, "command_id"),
        DOOR.uid(resident_id, "resident_id"),
        DOOR.uid(document_id, "document_id"),
        DOOR.uid(reviewer_id, "reviewer_id"),
        DOOR.text(reason, "reason"),
    )
    return done(position)


@configured_timer(SWEEP_SETTING, default=SWEEP_SECONDS)
def delete_due_proof_documents(service: Any) -> None:
    """Every replica runs it: each deletion's command id comes from its document's id."""
    sweep(
        log,
        DOOR.translated,
        "proof document retention",
        service.handlers.delete_due_proof_documents,
        "proof document retention: %d documents deleted",
    )


@configured_timer(LETTER_SWEEP_SETTING, default=SWEEP_SECONDS)
def discard_spent_letters(service: Any) -> None:
    """Letters hold an address and a code: used, replaced and erased residents' letters go
    at once (the handlers), expired or exhausted ones here."""

    def discard() -> Any:
        with service.read.engine.connect() as conn:
            usable = projections_queries.usable_letters(
                conn, service.read.tables_now, datetime.now(UTC)
            )
        return service.handlers.discard_spent_letters(usable, LETTER_GRACE)

    sweep(log, DOOR.translated, "letter sweep", discard, "letter sweep: %d letters discarded")


DOORS = (
    submit_proof,
    proof_document,
    approve_proof,
    reject_proof,
    delete_due_proof_documents,
    discard_spent_letters,
)
