"""The daily digests: when a resident's digest is due (the hour they chose, past their quiet
hours), everything gathered for it leaves as one e-mail through the outbox, and the items
gathered go, in one transaction."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from notifications.mailing import sending
from notifications.projections.inbox import MAIL, mail_key
from services.subscriptions import outbox
from services.subscriptions.columns import aware

BATCH = 200


def send_due(engine: Engine, t: Any, now: datetime, batch: int = BATCH) -> list[str]:
    """Queue the digests due at `now`; the residents they go to."""
    d = t.digest
    with engine.begin() as tx:
        due = (
            tx.execute(
                sa.select(d.c.recipient_id)
                .where(d.c.due_at <= now)
                .group_by(d.c.recipient_id)
                .limit(batch)
            )
            .scalars()
            .all()
        )
        for recipient in due:
            rows = tx.execute(sa.select(d).where(d.c.recipient_id == recipient)).all()
            items = [
                {
                    "notification_id": r.notification_id,
                    "type": r.type,
                    "params": json.loads(r.params),
                    "created_at": aware(r.created_at).isoformat(),
                }
                for r in rows
            ]
            first = min(r.notification_id for r in rows)
            payload = {"recipient_id": recipient, "type": "digest", "items": items}
            outbox.add(tx, MAIL, mail_key(recipient, f"digest-{first}"), payload)
            tx.execute(d.delete().where(d.c.recipient_id == recipient))
            tx.execute(
                sending.digested.insert(),
                [{"notification_id": r.notification_id, "recipient_id": recipient} for r in rows],
            )
    return list(due)
