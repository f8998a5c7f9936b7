"""Work in flight between two streams, as a policy's table sees it.

A command that appends to two streams (an e-mail claim, then the resident's registration; a
place reserved on the resident's stream, then the join on the neighbourhood's) leaves the first
alone when its process dies between the two. A policy follows both in log order and keeps here
the starts not settled yet: the work in flight and the orphans. Its context's timer reads them
back and settles the orphans on the streams themselves, since this table may lag behind the log
(docs/decisions/0007). Only ids and times are kept, never personal data.

    CLAIMS = InFlight("identity_policy_claims", "claim_stream", 80, since="claimed_at")
    Subscriber(NAME, handle, define=CLAIMS.define, ...)    # its table: t.started
    CLAIMS.start(tx, t, stream, event.resident_id, event.claimed_at)   # in handle
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .columns import aware
from .subscriber import generations

# (key, resident, time started)
Started = tuple[str, uuid.UUID, datetime]


@dataclass(frozen=True)
class InFlight:
    """One table of unsettled starts: `key` names the work (`key_length` characters), with the
    resident it is for and the time it started (the column `since`)."""

    table: str
    key: str
    key_length: int
    since: str

    def define(self, metadata: sa.MetaData, suffix: str) -> SimpleNamespace:
        started = sa.Table(
            self.table,
            sa.MetaData(),
            sa.Column(self.key, sa.String(self.key_length), primary_key=True),
            sa.Column("resident_id", sa.String(36), nullable=False, index=True),
            sa.Column(self.since, sa.DateTime(timezone=True), nullable=False),
        )
        return generations(started=started)(metadata, suffix)  # type: ignore[no-any-return]

    def start(
        self, tx: Connection, t: SimpleNamespace, key: str, resident_id: uuid.UUID, at: datetime
    ) -> None:
        """The work started (a start seen again replaces its row)."""
        self.settle(tx, t, key)
        values = {self.key: key, "resident_id": str(resident_id), self.since: at}
        tx.execute(t.started.insert().values(values))

    def settle(self, tx: Connection, t: SimpleNamespace, key: str) -> None:
        tx.execute(t.started.delete().where(t.started.c[self.key] == key))

    def settle_resident(self, tx: Connection, t: SimpleNamespace, resident_id: uuid.UUID) -> None:
        """Every start for the resident is settled at once."""
        s = t.started
        tx.execute(s.delete().where(s.c.resident_id == str(resident_id)))

    def oldest_first(self, conn: Connection, t: SimpleNamespace) -> list[Started]:
        """Every start still waiting: (key, resident, time started), oldest first."""
        s = t.started
        since, key = s.c[self.since], s.c[self.key]
        rows = conn.execute(sa.select(key, s.c.resident_id, since).order_by(since, key)).all()
        return [(row[0], uuid.UUID(row[1]), aware(row[2])) for row in rows]

    def residents(self, conn: Connection, t: SimpleNamespace) -> list[uuid.UUID]:
        """The residents with a start still waiting, the one waiting longest first."""
        s = t.started
        oldest = sa.func.min(s.c[self.since]).label("oldest")
        rows = conn.execute(
            sa.select(s.c.resident_id, oldest)
            .group_by(s.c.resident_id)
            .order_by("oldest", s.c.resident_id)
        ).all()
        return [uuid.UUID(row.resident_id) for row in rows]
