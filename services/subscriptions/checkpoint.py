"""A named position in the log, kept in a service's own database.

Moving it is a compare-and-set on the previous value inside the caller's transaction, so two
instances that both believe they hold the lease still cannot apply the same events twice.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from services.eventstore import EventStore, Position

from .database import generation_update, lazily, parked, querying, subscriptions


class CheckpointMoved(Exception):
    """Another instance moved the checkpoint first; this one's work is rolled back."""


def read(conn: Connection, name: str, generation: int = 1) -> str | None:
    position: str | None = conn.execute(
        sa.select(subscriptions.c.position).where(
            subscriptions.c.name == name, subscriptions.c.generation == generation
        )
    ).scalar()
    return position


def active_positions(conn: Connection, names: Sequence[str]) -> dict[str, str | None]:
    """The position queries see for each of `names` (its active generation's), read in one
    statement: a read that waits for several read models pays one round trip per look."""
    rows = conn.execute(
        sa.select(subscriptions.c.name, subscriptions.c.position).where(
            subscriptions.c.name.in_(names), subscriptions.c.status == "active"
        )
    )
    return {name: position for name, position in rows}


def rows_of(conn: Connection, names: Sequence[str]) -> dict[str, list[Any]]:
    """Every generation's row of each of `names`, read in one statement: what the runners of
    one wake-up need, one round trip for all of them."""
    found: dict[str, list[Any]] = {name: [] for name in names}
    for row in conn.execute(sa.select(subscriptions).where(subscriptions.c.name.in_(names))):
        found[row.name].append(row)
    return found


def parked_ids(engine: Engine, name: str) -> set[str]:
    """The ids of the events an operator parked for `name` (applied by no one)."""
    with engine.connect() as conn:
        found = sa.select(parked.c.event_id).where(parked.c.name == name)
        return set(querying(conn).execute(found).scalars())


def ensure(
    conn: Connection,
    name: str,
    generation: int = 1,
    status: str = "active",
    starts_from: str | None = None,
) -> None:
    """The checkpoint row, created unless it exists: at the start of the log, or where the
    checkpoint `starts_from` (same generation) stands then, if it exists. Two replicas that
    start together both try: the second insert does nothing rather than fail."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    position: Any = None
    if starts_from is not None:
        position = (
            sa.select(subscriptions.c.position)
            .where(subscriptions.c.name == starts_from, subscriptions.c.generation == generation)
            .scalar_subquery()
        )
    conn.execute(
        dialect.insert(subscriptions)
        .values(
            name=name,
            generation=generation,
            status=status,
            position=position,
            applied=0,
            attempts=0,
            updated_at=datetime.now(UTC),
        )
        .on_conflict_do_nothing(index_elements=["name", "generation"])
    )


def claim(
    conn: Connection,
    name: str,
    generation: int,
    expected: str | None,
    to: str | None = None,
    applied: int = 0,
) -> None:
    """Lock the checkpoint row for this transaction if it still holds `expected`; with `to`,
    move it there as well (`applied` more events), in the same statement, for a batch that is
    expected to apply whole."""
    values: dict[str, object] = {"updated_at": datetime.now(UTC)}
    if to is not None:
        values.update(position=to, applied=subscriptions.c.applied + applied)
    if conn.execute(_holding(name, generation, expected).values(**values)).rowcount != 1:
        raise CheckpointMoved(f"checkpoint {name} moved past {expected}")


def _holding(name: str, generation: int, expected: str | None) -> sa.Update:
    """The update of the checkpoint row, if it still holds `expected` (compare and set)."""
    return subscriptions.update().where(
        subscriptions.c.name == name,
        subscriptions.c.generation == generation,
        subscriptions.c.position.is_(None)
        if expected is None
        else subscriptions.c.position == expected,
    )


def advance(conn: Connection, name: str, generation: int, position: str, applied: int = 0) -> None:
    conn.execute(
        generation_update(name, generation).values(
            position=position,
            applied=subscriptions.c.applied + applied,
            updated_at=datetime.now(UTC),
        )
    )


def pass_over(
    conn: Connection, name: str, generation: int, expected: str | None, position: str
) -> None:
    """Move the checkpoint from `expected` to `position` past events this subscriber skips, in
    one statement run `alone(conn)`: claim()'s compare-and-set and advance() together, whose
    commit does not wait for the disk (a crash losing the move reads those events again, and
    again they change nothing). Five round trips to PostgreSQL become one, for what most
    subscribers of a service do with most events: nothing."""
    if name not in pass_over_each(conn, {name: (generation, expected, position)}):
        raise CheckpointMoved(f"checkpoint {name} moved past {expected}")


def pass_over_each(conn: Connection, moves: Mapping[str, tuple[int, str | None, str]]) -> set[str]:
    """`pass_over` for several checkpoints at once, `moves` giving each name its generation,
    the position expected and the one to go to: one statement for each position gone to.
    The names whose checkpoint moved; one another instance moved first is left out."""
    by_target: dict[str, list[sa.ColumnElement[bool]]] = {}
    for name, (generation, expected, position) in moves.items():
        held = _holding(name, generation, expected).whereclause
        assert held is not None
        by_target.setdefault(position, []).append(held)
    moved: set[str] = set()
    for position, each in by_target.items():
        statement = (
            subscriptions.update()
            .where(sa.or_(*each))
            .values(position=position, updated_at=datetime.now(UTC))
            .returning(subscriptions.c.name, *lazily(conn))
        )
        moved.update(row.name for row in conn.execute(statement))
    return moved


def wait_for(
    engine: Engine, store: EventStore, name: str, position: Position | str, timeout: float
) -> bool:
    """True once the active generation of `name` has applied everything up to `position`;
    False after `timeout` seconds (read again every 20 ms)."""
    target = store.position_from_string(position) if isinstance(position, str) else position
    deadline = time.monotonic() + timeout
    while True:
        with engine.connect() as conn:
            current = active_positions(conn, [name]).get(name)
        if current is not None and store.position_from_string(current) >= target:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.02)


class SharedRows:
    """The checkpoint rows of a wake-up's subscribers (services/runtime/subscriptions.py),
    read in one statement when the first of them asks (none when none does: all idle, or none
    holding its lease). Good for the first batch of each: a subscriber's later batches read
    its row again, as it moved it."""

    def __init__(self, engine: Any, names: Any) -> None:
        self._engine, self._names = engine, list(names)
        self._rows: dict[str, list[Any]] | None = None

    def __call__(self, name: str) -> list[Any]:
        if self._rows is None:
            with self._engine.connect() as conn:
                self._rows = rows_of(querying(conn), self._names)
        return self._rows[name]
