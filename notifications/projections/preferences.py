"""Each resident's preferences as the router reads them: one row, the whole choice as JSON,
kept from the resident's preferences stream in log order (so an event is ruled by the choice
made before it)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from types import SimpleNamespace

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from notifications.domain.delivery import DEFAULTS, Preferences
from notifications.projections.facts import CHUNK
from services.eventstore.reading import chunked

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


def of_each(
    conn: Connection, t: SimpleNamespace, resident_ids: Sequence[str]
) -> dict[str, Preferences]:
    """The preferences of those of `resident_ids` who chose any, by id; the others keep the
    defaults."""
    p, found = t.preferences, dict[str, Preferences]()
    for part in chunked(sorted(set(resident_ids)), CHUNK):
        rows = conn.execute(sa.select(p).where(p.c.resident_id.in_(part)))
        found.update((row.resident_id, Preferences(**json.loads(row.preferences))) for row in rows)
    return found


def store(tx: Connection, t: SimpleNamespace, resident_id: str, prefs: Preferences) -> None:
    p = t.preferences
    tx.execute(p.delete().where(p.c.resident_id == resident_id))
    tx.execute(p.insert().values(resident_id=resident_id, preferences=json.dumps(asdict(prefs))))
