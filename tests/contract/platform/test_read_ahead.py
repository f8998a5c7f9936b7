"""A rebuild's log read a batch ahead (services/subscriptions/read_ahead.py), over every store:
the batches a runner asks for, one after the other, are the store's own, the next one read on
the reading thread; a batch asked for otherwise is read as asked; a read ahead that failed
fails the read that wanted it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from services.eventstore import EventStore, Position, RecordedEvent
from services.subscriptions.read_ahead import ReadAhead
from tests.contract.conftest import event, stream


class Watched:
    """A log that notes the thread of each read, and fails the reads it is told to."""

    def __init__(self, store: EventStore, failing: int | None = None) -> None:
        self.store = store
        self.threads: list[str] = []
        self._failing = failing

    def read_all(self, after: Position | None = None, **options: Any) -> Iterator[RecordedEvent]:
        self.threads.append(threading.current_thread().name)
        if len(self.threads) == self._failing:
            raise ConnectionError("the store went away")
        return self.store.read_all(after=after, **options)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


def filled(store: EventStore) -> list[RecordedEvent]:
    for n in range(23):
        kind = "tests.Kept" if n % 3 else "tests.Other"
        store.append(stream(), [event(n, type=kind)])
    return list(store.read_all(limit=None, types=["tests.Kept"]))


def test_batches_asked_one_after_the_other_are_the_stores_and_read_ahead(store: EventStore) -> None:
    kept = filled(store)
    log = Watched(store)
    view = ReadAhead(log)
    seen: list[RecordedEvent] = []
    after = None
    try:
        while batch := list(view.read_all(after=after, limit=5, types=["tests.Kept"])):
            seen += batch
            after = batch[-1].position
    finally:
        view.close()
    assert [e.event_id for e in seen] == [e.event_id for e in kept]
    # The first batch read as asked; every later one on the reading thread, ahead.
    assert log.threads[0] == threading.current_thread().name
    assert all(name.startswith("read-ahead") for name in log.threads[1:])
    assert view.head() == store.head()


def test_a_batch_asked_for_otherwise_is_read_as_asked(store: EventStore) -> None:
    kept = filled(store)
    view = ReadAhead(Watched(store))
    try:
        first = list(view.read_all(limit=5, types=["tests.Kept"]))
        assert first == kept[:5]
        # Not after the last event of the batch (a handler stopped on one, say): read anew.
        again = list(view.read_all(after=first[1].position, limit=5, types=["tests.Kept"]))
        assert again == kept[2:7]
        # The same cursor with other filters: read anew too.
        every = list(view.read_all(after=again[-1].position, limit=3))
        assert every == list(store.read_all(after=again[-1].position, limit=3))
    finally:
        view.close()


def test_a_read_ahead_that_failed_fails_the_read_that_wants_it(store: EventStore) -> None:
    filled(store)
    view = ReadAhead(Watched(store, failing=2))
    try:
        first = list(view.read_all(limit=5, types=["tests.Kept"]))
        with pytest.raises(ConnectionError, match="went away"):
            view.read_all(after=first[-1].position, limit=5, types=["tests.Kept"])
    finally:
        view.close()
