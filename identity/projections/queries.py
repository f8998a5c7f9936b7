"""Queries on identity's read model (projections.py): plain, JSON-ready dicts for the service."""

from __future__ import annotations

import uuid
from datetime import datetime
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from contracts.identity.events import DEFAULT_LANGUAGE
from identity.domain.verification import MAX_CODE_ATTEMPTS
from services.subscriptions.columns import aware, iso


def _where(table: sa.Table, resident_id: uuid.UUID) -> Any:
    return table.c.resident_id == str(resident_id)


def resident(conn: Connection, t: SimpleNamespace, resident_id: uuid.UUID) -> dict[str, Any] | None:
    row = conn.execute(sa.select(t.residents).where(_where(t.residents, resident_id))).first()
    if row is None:
        return None
    roles = conn.execute(
        sa.select(t.roles.c.role, t.roles.c.neighbourhood_id)
        .where(_where(t.roles, resident_id))
        .order_by(t.roles.c.role, t.roles.c.neighbourhood_id)
    )
    return {
        "resident_id": row.resident_id,
        "display_name": row.display_name,
        "phone": row.phone,
        "address_disclosure": row.address_disclosure,
        # Tables of version 1 (still served while version 2 builds) predate the choice.
        "language": row._mapping.get("language", DEFAULT_LANGUAGE),
        "email_confirmed": bool(row._mapping.get("email_confirmed", False)),
        "roles": [{"role": r.role, "neighbourhood_id": r.neighbourhood_id or None} for r in roles],
        "registered_at": iso(row.registered_at),
        "erased": row.erased,
    }


def resident_by_email(conn: Connection, t: SimpleNamespace, digest: str) -> str | None:
    found: str | None = conn.execute(
        sa.select(t.emails.c.resident_id).where(t.emails.c.email_hash == digest)
    ).scalar()
    return found


def usable_letters(conn: Connection, t: SimpleNamespace, now: datetime) -> set[str]:
    """Ids of the letters whose code can still be entered: the latest of a resident awaiting
    one, neither expired nor out of attempts."""
    v = t.verification
    rows = conn.execute(
        sa.select(v.c.letter_id, v.c.letter_expires_at).where(
            v.c.status == "pending_letter",
            v.c.letter_id.is_not(None),
            v.c.letter_failed_attempts < MAX_CODE_ATTEMPTS,
        )
    )
    return {r.letter_id for r in rows if aware(r.letter_expires_at) > now}


def verification(
    conn: Connection, t: SimpleNamespace, resident_id: uuid.UUID, now: datetime
) -> dict[str, Any] | None:
    """None for no such resident. A letter past its expiry or its attempts is no longer
    pending: the resident must ask for another. `home` ({lat, lon} of the verified home, else
    None) is the resident's own data: for them only."""
    person = resident(conn, t, resident_id)
    if person is None:
        return None
    located_home = verified_home(conn, t, resident_id)
    row = conn.execute(sa.select(t.verification).where(_where(t.verification, resident_id))).first()
    status = row.status if row is not None else "unverified"
    if (
        row is not None
        and status == "pending_letter"
        and (aware(row.letter_expires_at) <= now or row.letter_failed_attempts >= MAX_CODE_ATTEMPTS)
    ):
        status = "unverified"
    return {
        "resident_id": str(resident_id),
        "erased": person["erased"],
        "address_id": row.address_id if row else None,
        "located": bool(row.located) if row else False,
        "status": status,
        "method": row.method if row else None,
        "verified_at": iso(row.verified_at) if row else None,
        "letter_id": row.letter_id if row else None,
        "letter_expires_at": iso(row.letter_expires_at) if row else None,
        "letter_attempts_left": max(0, MAX_CODE_ATTEMPTS - row.letter_failed_attempts)
        if row and row.letter_id
        else None,
        "vouches": row.vouches if row else 0,
        "home": None
        if located_home is None or status != "verified"
        else {"lat": located_home[0], "lon": located_home[1]},
    }


def review_queue(conn: Connection, t: SimpleNamespace, limit: int = 100) -> list[dict[str, Any]]:
    """Documents awaiting review, oldest first: ids, kind and size, never their content."""
    q = t.review_queue
    rows = conn.execute(sa.select(q).order_by(q.c.submitted_at, q.c.document_id).limit(limit))
    return [{**r._mapping, "submitted_at": iso(r.submitted_at)} for r in rows]


def verified_home(
    conn: Connection, t: SimpleNamespace, resident_id: uuid.UUID
) -> tuple[float, float] | None:
    """The resident's verified home (lat, lon): never shown to anyone but the resident."""
    h = t.homes
    row = conn.execute(
        sa.select(h.c.latitude, h.c.longitude).where(
            _where(h, resident_id), h.c.verified_at.is_not(None)
        )
    ).first()
    return None if row is None else (row.latitude, row.longitude)
