"""Many writers at once: nothing lost, nothing doubled, every reader sees one order."""

from __future__ import annotations

import multiprocessing
import random
import threading
import time

import pytest

from services.eventstore import EventStore, Position, connect
from services.eventstore.wakeups import wakeups_of
from tests.contract.conftest import Backend, event, stream

WRITERS = 4
EVENTS_EACH = 40


def _write_many(url: str, writer: int, count: int) -> None:
    store = connect(url)
    for i in range(count):
        store.append(stream(f"tests.w{writer}"), [event(i, writer=writer)])
    store.close()


def test_writers_in_several_processes_leave_a_complete_log(backend: Backend) -> None:
    if not backend.shared_across_processes:
        pytest.skip("the memory adapter lives in one process")
    backend.open()  # the schema exists before the writers race
    ctx = multiprocessing.get_context("spawn")
    procs = [
        ctx.Process(target=_write_many, args=(backend.url, w, EVENTS_EACH)) for w in range(WRITERS)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    readers = [backend.open(), backend.open()]
    logs = [[(e.event_id, e.position) for e in r.read_all(limit=None)] for r in readers]
    assert logs[0] == logs[1]
    written = {(e.data["writer"], e.data["n"]) for e in readers[0].read_all(limit=None)}
    assert written == {(w, i) for w in range(WRITERS) for i in range(EVENTS_EACH)}
    assert len(logs[0]) == len({event_id for event_id, _ in logs[0]}) == WRITERS * EVENTS_EACH


def test_a_tailing_reader_sees_every_event_exactly_once(backend: Backend) -> None:
    """Writers commit with random delays while a reader tails the log from its last position."""
    writer_store = backend.open()
    delay_commits(writer_store)
    reader = backend.open()
    total = 8 * 25
    done = threading.Event()

    def write(w: int) -> None:
        for i in range(25):
            writer_store.append(stream(), [event(i, writer=w)])

    seen: list[tuple[int, int]] = []
    checkpoint: Position | None = None

    def tail() -> None:
        nonlocal checkpoint
        wakeups = wakeups_of(reader)
        try:
            while True:
                finished = done.is_set()
                batch = list(reader.read_all(after=checkpoint, limit=50))
                for e in batch:
                    seen.append((e.data["writer"], e.data["n"]))
                    checkpoint = e.position
                if finished and len(seen) >= total:
                    return
                if batch:
                    continue
                if wakeups is None:
                    time.sleep(0.01)  # EventStoreDB offers no wake-ups: its readers poll (0043)
                else:
                    wakeups.wait(0.05)  # the next commit ends the wait
        finally:
            if wakeups is not None:
                wakeups.close()

    writers = [threading.Thread(target=write, args=(w,)) for w in range(8)]
    tailer = threading.Thread(target=tail)
    tailer.start()
    for t in writers:
        t.start()
    for t in writers:
        t.join()
    done.set()
    tailer.join(60)
    assert not tailer.is_alive()
    assert len(seen) == total
    assert set(seen) == {(w, i) for w in range(8) for i in range(25)}


def delay_commits(store: EventStore) -> None:
    """Hold each write transaction open a random moment before it commits (where we can)."""
    engine = getattr(store, "_engine", None)
    if engine is None:
        return
    import sqlalchemy as sa

    def pause(_conn: object) -> None:
        time.sleep(random.random() * 0.01)

    sa.event.listen(engine, "commit", pause)
