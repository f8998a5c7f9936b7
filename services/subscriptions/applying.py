"""Applying a batch of events inside the runner's transaction: at once when all goes well,
one at a time only to find the event at fault (docs/decisions/0038)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Connection

from services.eventstore import RecordedEvent
from services.runtime.connections import is_connection_lost

from .subscriber import Subscriber

Failure = tuple[RecordedEvent, Exception]


def apply_events(
    subscriber: Subscriber, tx: Connection, tables: Any, events: list[RecordedEvent]
) -> tuple[int, Failure | None]:
    """Apply `events` in `tx`: how many were applied, and the event that failed with its error.

    The whole batch goes under one savepoint (the subscriber's `handle_batch`, or `handle` for
    each event): a savepoint per event cost as much as the read model's own statements. Only
    when the batch fails is it applied again one event at a time, each under its own savepoint,
    so that the events before the failing one still commit and the failing one is named.
    """
    if not events:
        return 0, None
    whole = tx.begin_nested()
    try:
        if subscriber.handle_batch is not None:
            subscriber.handle_batch(tx, tables, events)
        else:
            for event in events:
                subscriber.handle(tx, tables, event)
    except Exception as exc:
        if is_connection_lost(exc):
            raise  # the database went away: not this batch's fault
        whole.rollback()
    else:
        whole.commit()
        return len(events), None
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
