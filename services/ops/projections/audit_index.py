"""The audit index: for every event of the log, the keys an operator's audit looks it up by
(services/ops/audit_keys.py) and its position, so that reading a resident's trail or a
request's events reads those events only, not the whole log (docs/decisions/0046).

    subscriber = audit_index()

Nothing here is personal data: resident ids, correlation and causation ids, positions. The
events themselves stay in the log, read back through the store when an audit asks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from types import SimpleNamespace

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from services.eventstore import RecordedEvent
from services.eventstore.reading import chunked
from services.ops.audit_keys import causation_of, correlation_of, residents_of
from services.subscriptions import Subscriber, generations

NAME = "ops.audit_index"
VERSION = 1
CHUNK = 500  # keys per IN list: under every backend's limit of bound parameters

EVENTS = sa.Table(
    "ops_audit_events",
    sa.MetaData(),
    sa.Column("position", sa.String(100), primary_key=True),
    # Indexes named after each generation's table (index=True), so that builds coexist.
    sa.Column("correlation_id", sa.Text, index=True),
    sa.Column("causation_id", sa.Text, index=True),
    # SQLite keeps the rows in their key's own tree, rather than in a rowid tree beside it.
    sqlite_with_rowid=False,
)
RESIDENTS = sa.Table(
    "ops_audit_residents",
    sa.MetaData(),
    sa.Column("resident_id", sa.String(36), primary_key=True),
    sa.Column("position", sa.String(100), primary_key=True),
    sqlite_with_rowid=False,
)
define = generations(events=EVENTS, residents=RESIDENTS)


def audit_index() -> Subscriber:
    """Every event of every category; nothing to decode, as the keys are never sealed."""
    return Subscriber(NAME, handle, define=define, version=VERSION, handle_batch=handle_batch)


def handle(tx: Connection, t: SimpleNamespace, event: RecordedEvent) -> None:
    handle_batch(tx, t, [event])


def handle_batch(tx: Connection, t: SimpleNamespace, events: Sequence[RecordedEvent]) -> None:
    rows, residents = [], []
    for event in events:
        position = str(event.position)
        rows.append(
            {
                "position": position,
                "correlation_id": correlation_of(event),
                "causation_id": causation_of(event),
            }
        )
        residents += [{"resident_id": r, "position": position} for r in residents_of(event)]
    tx.execute(t.events.insert(), rows)
    if residents:
        tx.execute(t.residents.insert(), residents)


def concerning(conn: Connection, t: SimpleNamespace, resident_id: str) -> list[str]:
    """The positions of the events by or about the resident."""
    query = sa.select(t.residents.c.position).where(t.residents.c.resident_id == resident_id)
    return list(conn.execute(query).scalars())


def related(
    conn: Connection, t: SimpleNamespace, correlations: Iterable[str], caused: Iterable[str]
) -> set[str]:
    """The positions of the events of these correlations, or caused by these event ids."""
    events = t.events
    found: set[str] = set()
    for column, keys in ((events.c.correlation_id, correlations), (events.c.causation_id, caused)):
        for chunk in chunked(sorted(keys), CHUNK):
            found.update(
                conn.execute(sa.select(events.c.position).where(column.in_(chunk))).scalars()
            )
    return found
