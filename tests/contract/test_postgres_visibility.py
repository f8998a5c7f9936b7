"""PostgreSQL: an event that commits after a later-numbered one is never skipped by a reader."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from services.eventstore import connect
from services.eventstore.postgres import PostgresEventStore

from .conftest import event, stream


@pytest.fixture
def pg(postgres_url: str) -> Iterator[PostgresEventStore]:
    store = connect(postgres_url)
    assert isinstance(store, PostgresEventStore)
    yield store
    store.close()


def test_a_reader_never_skips_an_event_that_commits_late(
    pg: PostgresEventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    early, late = stream(), stream()
    inside = threading.Event()
    release = threading.Event()
    claim = pg._claim_versions

    def claim_then_wait(conn: Any, name: str, expected: Any, count: int) -> int | None:
        version = claim(conn, name, expected, count)
        if name == early:
            inside.set()
            assert release.wait(30)
        return version

    monkeypatch.setattr(pg, "_claim_versions", claim_then_wait)
    slow = threading.Thread(target=lambda: pg.append(early, [event(1)]))
    slow.start()
    assert inside.wait(30)
    # The slow transaction now holds an older transaction id and is still open.
    pg.append(late, [event(2)])
    assert [e.stream for e in pg.read_stream(late)] == [late]
    seen = list(pg.read_all())
    checkpoint = seen[-1].position if seen else None
    assert late not in [e.stream for e in seen], "read past a transaction still in flight"
    assert pg.head() == checkpoint
    release.set()
    slow.join(30)
    resumed = [e.stream for e in pg.read_all(after=checkpoint)]
    assert resumed == [early, late]


def test_the_schema_is_created_once_however_many_stores_open_it(postgres_url: str) -> None:
    stores = []
    threads = [
        threading.Thread(target=lambda: stores.append(connect(postgres_url))) for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(stores) == 4
    stores[0].append(stream(), [event(0)])
    assert all(len(list(s.read_all())) == 1 for s in stores)
    for s in stores:
        s.close()
