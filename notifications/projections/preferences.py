"""Each resident's preferences as the router reads them: one row, the whole choice as JSON,
kept from the resident's preferences stream in log order (so an event is ruled by the choice
made before it)."""

from __future__ import annotations

import json
from dataclasses import asdict
from types import SimpleNamespace

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from notifications.domain.delivery import DEFAULTS, Preferences

PREFERENCES = sa.Table(
    "notifications_preferences",
    sa.MetaData(),
    sa.Column("resident_id", sa.String(36), primary_key=True),
    sa.Column("preferences", sa.Text, nullable=False),
)


def of(conn: Connection, t: SimpleNamespace, resident_id: str) -> Preferences:
    p = t.preferences
    found = conn.execute(sa.select(p.c.preferences).where(p.c.resident_id == resident_id)).scalar()
    if found is None:
        return DEFAULTS
    return Preferences(**json.loads(found))


def store(tx: Connection, t: SimpleNamespace, resident_id: str, prefs: Preferences) -> None:
    p = t.preferences
    tx.execute(p.delete().where(p.c.resident_id == resident_id))
    tx.execute(p.insert().values(resident_id=resident_id, preferences=json.dumps(asdict(prefs))))
