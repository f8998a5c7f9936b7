"""A subscriber's checkpoint in a service's read-model schema on PostgreSQL, for integration
tests of policies: whether it has handled an event yet (a "nothing happened" check waits for a
later marker to be handled), and a replay from the start (as a crash before every checkpoint,
or a rebuild: the subscriber forgets what it did and handles every event again); and what
the log holds (its events of a type, its head)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from services.eventstore import connect
from tests.conftest import PG_BASE


def _engine() -> sa.Engine:
    return sa.create_engine(PG_BASE.replace("postgresql://", "postgresql+psycopg://"))


def reached(store_url: str, schema: str, subscriber: str, position: str) -> bool:
    """Whether `subscriber`'s checkpoint in `schema` is at `position` or past it."""
    engine = _engine()
    with engine.connect() as conn:
        found = conn.execute(
            sa.text(f'SELECT position FROM "{schema}".subscriptions WHERE name = :n'),
            {"n": subscriber},
        ).scalar()
    engine.dispose()
    if found is None:
        return False
    store = connect(store_url)
    try:
        return bool(store.position_from_string(found) >= store.position_from_string(position))
    finally:
        store.close()


def replay_from_the_start(schema: str, subscriber: str, tables: Iterable[str]) -> None:
    """`subscriber` forgets its checkpoint and the rows of its `tables`."""
    engine = _engine()
    with engine.begin() as conn:
        conn.execute(
            sa.text(f'UPDATE "{schema}".subscriptions SET position = NULL WHERE name = :n'),
            {"n": subscriber},
        )
        for table in tables:
            conn.execute(sa.text(f'DELETE FROM "{schema}".{table}'))
    engine.dispose()


def recorded(store_url: str, kind: str) -> list[dict[str, Any]]:
    """The data of every `kind` event in the log, in log order."""
    store = connect(store_url)
    try:
        return [e.data for e in store.read_all(limit=None, types=[kind])]
    finally:
        store.close()


def head(store_url: str) -> str:
    """The position of the last event recorded."""
    store = connect(store_url)
    try:
        return str(store.head())
    finally:
        store.close()
