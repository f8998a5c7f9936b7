"""Applying a batch of events inside the runner's transaction: at once when all goes well,
one at a time only to find the event at fault (docs/decisions/0038, 0059)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Connection

from services.eventstore import Position, RecordedEvent
from services.runtime.connections import is_connection_lost

from .subscriber import Subscriber

Failure = tuple[RecordedEvent, Exception]


class BatchFailed(Exception):
    """A handler raised on one of the batch's events: its transaction must be rolled back, and
    the batch applied again one event at a time (apply_each) to name the event at fault."""


def apply_whole(
    subscriber: Subscriber, tx: Connection, tables: Any, events: list[RecordedEvent]
) -> None:
    """Apply every event of `events` in `tx` with no savepoint (the subscriber's `handle_batch`,
    or `handle` for each event); BatchFailed when one raises. On PostgreSQL a savepoint and
    its release are two round trips: the batch that goes well, nearly every one, pays none,
    and the rare one that fails is applied again in a new transaction."""
    if not events:
        return
    try:
        if subscriber.handle_batch is not None:
            subscriber.handle_batch(tx, tables, events)
        else:
            for event in events:
                subscriber.handle(tx, tables, event)
    except Exception as exc:
        if is_connection_lost(exc):
            raise  # the database went away: not this batch's fault
        raise BatchFailed() from exc


def apply_each(
    subscriber: Subscriber, tx: Connection, tables: Any, events: list[RecordedEvent]
) -> tuple[int, Failure | None]:
    """Apply `events` in `tx` one at a time, each under its own savepoint, up to the first that
    fails: how many were applied, and the event that failed with its error. The events before
    it still commit with the failure recorded."""
    for applied, event in enumerate(events):
        savepoint = tx.begin_nested()
        try:
            subscriber.handle(tx, tables, event)
        except Exception as exc:
            if is_connection_lost(exc):
                raise
            savepoint.rollback()
            return applied, (event, exc)
        savepoint.commit()
    return len(events), None


def reached(
    done: list[RecordedEvent],
    after: Position | None,
    head: Position | None,
    limit: int,
    whole: bool = True,
) -> tuple[Position | None, bool]:
    """Where the checkpoint goes once `done` (events read after `after`, at most `limit`) are
    applied, and whether that catches up with the log: to the head taken before reading, when
    the batch was whole and shorter than the limit (nothing after it was there to read)."""
    last = done[-1].position if done else after
    caught_up = whole and len(done) < limit
    if caught_up and head is not None and (last is None or head > last):
        last = head
    return last, caught_up
