"""How identity's read model (projections.py) follows a resident's home address and its proof:
declared address and coordinates, letters, documents awaiting review, vouches, status."""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from contracts.identity.events import (
    AddressDeclared,
    AddressVerified,
    LetterCodeAttemptFailed,
    LetterPosted,
    ProofDocumentApproved,
    ProofDocumentDeleted,
    ProofDocumentRejected,
    ProofDocumentSubmitted,
    VouchReceived,
)
from contracts.pii import plain


def where(table: sa.Table, resident_id: uuid.UUID) -> Any:
    return table.c.resident_id == str(resident_id)


def apply_verification(tx: Connection, t: SimpleNamespace, event: Any) -> None:
    match event:
        case AddressDeclared():
            lat, lon = plain(event.latitude), plain(event.longitude)
            located = lat is not None and lon is not None
            _reset_verification(tx, t, event.resident_id, event.address_id, located)
            tx.execute(t.homes.delete().where(where(t.homes, event.resident_id)))
            if located:
                tx.execute(
                    t.homes.insert().values(
                        resident_id=str(event.resident_id),
                        address_id=str(event.address_id),
                        latitude=lat,
                        longitude=lon,
                    )
                )
        case LetterPosted():
            _on_current(
                tx,
                t,
                event.resident_id,
                event.address_id,
                letter_id=str(event.letter_id),
                letter_expires_at=event.expires_at,
                letter_failed_attempts=0,
            )
        case LetterCodeAttemptFailed():
            tx.execute(
                t.verification.update()
                .where(
                    where(t.verification, event.resident_id),
                    t.verification.c.letter_id == str(event.letter_id),
                )
                .values(letter_failed_attempts=event.attempt)
            )
        case AddressVerified():
            _on_current(
                tx,
                t,
                event.resident_id,
                event.address_id,
                method=event.method,
                verified_at=event.verified_at,
                letter_id=None,
                letter_expires_at=None,
                letter_failed_attempts=0,
            )
            tx.execute(
                t.homes.update()
                .where(
                    where(t.homes, event.resident_id),
                    t.homes.c.address_id == str(event.address_id),
                )
                .values(verified_at=event.verified_at)
            )
        case ProofDocumentSubmitted():
            tx.execute(
                t.review_queue.insert().values(
                    document_id=str(event.document_id),
                    resident_id=str(event.resident_id),
                    address_id=str(event.address_id),
                    content_type=event.content_type,
                    size_bytes=event.size_bytes,
                    submitted_at=event.submitted_at,
                )
            )
        case ProofDocumentApproved() | ProofDocumentRejected() | ProofDocumentDeleted():
            queue = t.review_queue
            tx.execute(queue.delete().where(queue.c.document_id == str(event.document_id)))
        case VouchReceived():
            _on_current(
                tx, t, event.vouchee_id, event.address_id, vouches=t.verification.c.vouches + 1
            )
        case _:
            return  # PasswordChanged, VouchGiven: nothing this read model shows
    _refresh_status(tx, t, getattr(event, "resident_id", None) or event.vouchee_id)


def _reset_verification(
    tx: Connection,
    t: SimpleNamespace,
    resident_id: uuid.UUID,
    address_id: uuid.UUID | None,
    located: bool,
) -> None:
    # Moving house starts over: what proved the old address proves nothing about the new one.
    tx.execute(
        t.verification.update()
        .where(where(t.verification, resident_id))
        .values(**unverified(address_id, located))
    )


def unverified(address_id: uuid.UUID | None, located: bool) -> dict[str, Any]:
    return {
        "address_id": None if address_id is None else str(address_id),
        "located": located,
        "status": "unverified",
        "method": None,
        "verified_at": None,
        "letter_id": None,
        "letter_expires_at": None,
        "letter_failed_attempts": 0,
        "vouches": 0,
    }


def _on_current(
    tx: Connection, t: SimpleNamespace, resident_id: uuid.UUID, address_id: uuid.UUID, **values: Any
) -> None:
    v = t.verification
    tx.execute(
        v.update().where(where(v, resident_id), v.c.address_id == str(address_id)).values(**values)
    )


def _refresh_status(tx: Connection, t: SimpleNamespace, resident_id: uuid.UUID) -> None:
    v, queue = t.verification, t.review_queue
    row = tx.execute(sa.select(v).where(where(v, resident_id))).first()
    if row is None:
        return
    waiting = tx.execute(
        sa.select(queue.c.document_id)
        .where(where(queue, resident_id), queue.c.address_id == row.address_id)
        .limit(1)
    ).first()
    if row.verified_at is not None:
        status = "verified"
    elif waiting is not None:
        status = "pending_document"
    elif row.letter_id is not None:
        status = "pending_letter"
    else:
        status = "unverified"
    tx.execute(v.update().where(where(v, resident_id)).values(status=status))
