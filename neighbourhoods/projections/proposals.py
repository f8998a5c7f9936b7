"""Boundary proposals awaiting an operator (part of neighbourhoods.py's read model): one row per
proposal, its shape and the proposer's note, then the decision. Only operators list them; a
neighbourhood's members see each one, and its status, in the moderation log.

Nothing here knows where members live: an operator decides on the place, and no answer about a
proposal may depend on members' homes (docs/decisions/0006).
"""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from contracts.neighbourhoods.events import (
    BoundaryChangeApproved,
    BoundaryChangeProposed,
    BoundaryChangeRejected,
)
from services.subscriptions import generations

STATUSES = ("pending", "approved", "rejected")


PROPOSALS = sa.Table(
    "neighbourhoods_boundary_proposals",
    sa.MetaData(),
    sa.Column("proposal_id", sa.String(36), primary_key=True),
    sa.Column("neighbourhood_id", sa.String(36), nullable=False, index=True),
    sa.Column("boundary", sa.JSON, nullable=False),
    sa.Column("area_km2", sa.Float, nullable=False),
    sa.Column("reason", sa.Text),
    sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("status", sa.String(10), nullable=False, index=True),
    sa.Column("decided_at", sa.DateTime(timezone=True)),
)
define = generations(proposals=PROPOSALS)


def apply(tx: Connection, t: SimpleNamespace, event: Any) -> None:
    """A proposal or its decision, inside the read model's transaction."""
    p = t.proposals
    match event:
        case BoundaryChangeProposed():
            tx.execute(p.delete().where(p.c.proposal_id == str(event.proposal_id)))
            tx.execute(
                p.insert().values(
                    proposal_id=str(event.proposal_id),
                    neighbourhood_id=str(event.neighbourhood_id),
                    boundary=event.boundary,
                    area_km2=event.area_km2,
                    reason=event.reason,
                    proposed_at=event.proposed_at,
                    status="pending",
                )
            )
        case BoundaryChangeApproved() | BoundaryChangeRejected():
            approved = isinstance(event, BoundaryChangeApproved)
            at = (
                event.approved_at
                if isinstance(event, BoundaryChangeApproved)
                else event.rejected_at
            )
            tx.execute(
                p.update()
                .where(p.c.proposal_id == str(event.proposal_id))
                .values(status="approved" if approved else "rejected", decided_at=at)
            )


# Queries


def pending(conn: Connection, t: SimpleNamespace) -> list[dict[str, Any]]:
    """Every proposal awaiting a decision, oldest first, with the neighbourhood it is about."""
    p, places = t.proposals, t.places
    rows = conn.execute(
        sa.select(p, places.c.name, places.c.boundary.label("current_boundary"))
        .select_from(p.join(places, places.c.neighbourhood_id == p.c.neighbourhood_id))
        .where(p.c.status == "pending")
        .order_by(p.c.proposed_at, p.c.proposal_id)
    ).all()
    return [
        {
            "proposal_id": row.proposal_id,
            "neighbourhood_id": row.neighbourhood_id,
            "name": row.name,
            "current_boundary": row.current_boundary,
            "boundary": row.boundary,
            "area_km2": round(row.area_km2, 4),
            "reason": row.reason,
            "proposed_at": row.proposed_at,
        }
        for row in rows
    ]


def neighbourhood_of(conn: Connection, t: SimpleNamespace, proposal_id: uuid.UUID) -> str | None:
    p = t.proposals
    return conn.execute(
        sa.select(p.c.neighbourhood_id).where(p.c.proposal_id == str(proposal_id))
    ).scalar()


def statuses(conn: Connection, t: SimpleNamespace, ids: set[str]) -> dict[str, str]:
    """The status of each of these proposals."""
    if not ids:
        return {}
    p = t.proposals
    rows = conn.execute(sa.select(p.c.proposal_id, p.c.status).where(p.c.proposal_id.in_(ids)))
    return {row.proposal_id: row.status for row in rows}
