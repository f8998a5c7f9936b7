"""The readings' lookups through the audit index (projections/audit_index.py): positions found
in the index, then just those events read from the store.

The index may be behind the log (its subscriber not caught up, or not running where the
command line reads). Its checkpoint is read before anything else, and whatever the log holds
after it is scanned and filtered by the same rule (audit_keys.py): an event the index has
not seen yet is still found, and one seen by both is kept once. A reading thus costs its own
events plus the index's lag, never the whole log while the index keeps up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from services.eventstore import EventStore, Position, RecordedEvent
from services.runtime.config import Settings, read_model_url
from services.subscriptions.database import database_exists, open_database, subscriptions

from .audit_keys import is_related, residents_of
from .audit_reading import Scan
from .projections import audit_index

# The log after a position (None: the whole log), read for what the second argument says.
Tail = Callable[[Position | None, str], Iterable[RecordedEvent]]


@dataclass(frozen=True)
class Indexed:
    store: EventStore
    engine: Engine
    tables: Any  # the index's active generation
    tail: Scan  # the log after the index's checkpoint, that checkpoint read first

    def concerning(self, rid: str) -> list[RecordedEvent]:
        with self.engine.connect() as conn:
            found = audit_index.concerning(conn, self.tables, rid)
        late = (e for e in self.tail("finding the resident's events") if rid in residents_of(e))
        return _merged(self.store.read_at(self._positions(found)), late)

    def related(
        self, correlations: set[str], caused: set[str], known: list[RecordedEvent], what: str
    ) -> list[RecordedEvent]:
        with self.engine.connect() as conn:
            found = audit_index.related(conn, self.tables, correlations, caused)
        # The events `caused` names are `known` already: read only the others.
        have = {e.position for e in known}
        others = self.store.read_at(p for p in self._positions(found) if p not in have)
        late = (e for e in self.tail(what) if is_related(e, correlations, caused))
        return _merged([*known, *others], late)

    def _positions(self, texts: Iterable[str]) -> list[Position]:
        return [self.store.position_from_string(t) for t in texts]


def _merged(*parts: Iterable[RecordedEvent]) -> list[RecordedEvent]:
    """Events in log order, each once (an event the index applied while the tail was read
    comes from both)."""
    by_position = {e.position: e for part in parts for e in part}
    return [by_position[p] for p in sorted(by_position)]


def checkpoint(engine: Engine) -> tuple[int, str | None] | None:
    """The generation queries read and its checkpoint; None where the index was never made."""
    query = sa.select(subscriptions.c.generation, subscriptions.c.position).where(
        subscriptions.c.name == audit_index.NAME, subscriptions.c.status == "active"
    )
    with engine.connect() as conn:
        row = conn.execute(query).first()
    return None if row is None else (row.generation, row.position)


def indexed(
    store: EventStore, engine: Engine, tables: Any, position: str | None, read_after: Tail
) -> Indexed:
    """Lookups through the index whose checkpoint is `position` (read before the index
    itself); `read_after(after, what)` reads the log after a position."""
    after = None if position is None else store.position_from_string(position)
    return Indexed(store, engine, tables, lambda what: read_after(after, what))


@contextmanager
def from_settings(
    store: EventStore, settings: Settings, read_after: Tail
) -> Iterator[tuple[Indexed | None, str]]:
    """The ops service's audit index, as the command line finds it through the services'
    configuration; (None, why) where there is none to read, and the caller scans."""
    url = read_model_url(settings, "ops")
    if not database_exists(url):
        yield None, "no read-model database of the ops service here"
        return
    engine = open_database(url)
    try:
        yield _found(store, engine, read_after)
    finally:
        engine.dispose()


def _found(store: EventStore, engine: Engine, read_after: Tail) -> tuple[Indexed | None, str]:
    try:
        made = sa.inspect(engine).has_table(subscriptions.name) and checkpoint(engine)
        if not made:
            return None, "the ops service has not built its audit index"
        generation, position = made
        tables = audit_index.define(sa.MetaData(), audit_index.audit_index().suffix(generation))
        if not sa.inspect(engine).has_table(tables.events.name):
            return None, "the ops service has not built its audit index"
    except sa.exc.OperationalError:
        return None, "the ops service's read-model database does not answer"
    return indexed(store, engine, tables, position, read_after), ""
