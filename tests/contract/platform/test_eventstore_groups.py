"""Group commit on every adapter: appends written together keep each its own outcome (one
append's refusal never fails the others), chain their hashes in order, and many threads of many
processes appending at once leave a complete log that a tailing reader sees in order, once."""

from __future__ import annotations

import multiprocessing
import threading

import pytest

from services.eventstore import (
    ANY,
    NO_STREAM,
    AppendResult,
    DuplicateEventId,
    EventStore,
    InvalidStreamName,
    Position,
    WrongExpectedVersion,
    connect,
)
from services.eventstore.grouping import append_group, settled
from services.eventstore.ledger import ZERO, chain
from services.eventstore.tamper import verify
from services.eventstore.wakeups import wakeups_of
from tests.contract.conftest import Backend, event, stream
from tests.contract.platform.test_eventstore_hashes import assert_chained, ledger_of
from tests.support import eventually

PROCESSES = 2
THREADS = 8  # more than the adapter's lanes (postgres.LANES), so appends queue into groups
EVENTS_EACH = 8


def test_one_conflicting_append_of_a_group_leaves_the_others_committed(store: EventStore) -> None:
    taken, fresh, other = stream(), stream(), stream()
    store.append(taken, [event(0)], expected_version=NO_STREAM)
    outcomes = append_group(
        store,
        [
            (fresh, [event(1), event(2)], NO_STREAM),
            (taken, [event(3)], 5),
            (other, [event(4)], NO_STREAM),
        ],
    )
    assert isinstance(outcomes[0], AppendResult) and outcomes[0].version == 1
    assert isinstance(outcomes[1], WrongExpectedVersion)
    assert isinstance(outcomes[2], AppendResult) and outcomes[2].version == 0
    assert [e.data["n"] for e in store.read_stream(fresh)] == [1, 2]
    assert [e.data["n"] for e in store.read_stream(taken)] == [0]
    assert [e.data["n"] for e in store.read_stream(other)] == [4]


def test_a_group_holding_a_repeat_and_a_recorded_event_id_settles_each(store: EventStore) -> None:
    first, later, fresh = stream(), stream(), stream()
    repeated = [event(0), event(1)]
    before = store.append(first, repeated, expected_version=NO_STREAM)
    outcomes = append_group(
        store,
        [
            (fresh, [event(2)], NO_STREAM),
            (first, repeated, NO_STREAM),
            (later, [repeated[0]], NO_STREAM),
        ],
    )
    assert isinstance(outcomes[0], AppendResult)
    assert outcomes[1] == before
    assert isinstance(outcomes[2], DuplicateEventId)
    assert [e.data["n"] for e in store.read_stream(fresh)] == [2]
    assert [e.event_id for e in store.read_stream(first)] == [e.event_id for e in repeated]
    assert store.read_stream(later) == []


def test_appends_to_one_stream_in_a_group_follow_each_other(store: EventStore) -> None:
    s = stream()
    outcomes = append_group(
        store, [(s, [event(0)], NO_STREAM), (s, [event(1), event(2)], 0), (s, [event(3)], 0)]
    )
    assert [getattr(o, "version", None) for o in outcomes[:2]] == [0, 2]
    assert isinstance(outcomes[2], WrongExpectedVersion)
    assert [e.data["n"] for e in store.read_stream(s)] == [0, 1, 2]
    if hasattr(store, "stored"):
        assert_chained(ledger_of(store))


def test_a_group_written_in_another_order_answers_each_append_in_its_place(
    store: EventStore,
) -> None:
    # PostgreSQL takes a group's streams' locks by stream name (deadlocks between groups):
    # the outcomes still follow the group's order, and one stream's appends their own.
    late, early = f"zz{stream()}", f"aa{stream()}"
    store.append(late, [event(0)], expected_version=NO_STREAM)
    store.append(early, [event(1)], expected_version=NO_STREAM)
    outcomes = append_group(
        store,
        [
            (late, [event(2)], 0),
            (early, [event(3), event(4)], ANY),
            (late, [event(5)], 1),
            (early, [event(6)], 7),
        ],
    )
    assert [getattr(o, "version", None) for o in outcomes[:3]] == [1, 2, 2]
    assert isinstance(outcomes[3], WrongExpectedVersion)
    assert [e.data["n"] for e in store.read_stream(late)] == [0, 2, 5]
    assert [e.data["n"] for e in store.read_stream(early)] == [1, 3, 4]


def test_a_grouped_append_chains_exactly_as_single_appends_do(store: EventStore) -> None:
    ledger = ledger_of(store)
    alone, together = {}, {}
    for written in (alone, together):
        written.update(one=stream(), many=stream(), twice=stream(), old=stream(), any=stream())
        store.append(written["old"], [event(0)], expected_version=NO_STREAM)
        appends = [
            (written["one"], [event(1)], NO_STREAM),
            (written["many"], [event(2), event(3), event(4)], NO_STREAM),
            (written["twice"], [event(5)], NO_STREAM),
            (written["twice"], [event(6)], NO_STREAM),
            (written["old"], [event(7), event(8)], 0),
            (written["any"], [event(9)], ANY),
            (written["any"], [event(10)], ANY),
        ]
        if written is together:
            outcomes = append_group(store, appends)
        else:
            outcomes = [settled(store.append, *a) for a in appends]
        assert [type(o).__name__ for o in outcomes] == [
            "AppendResult",
            "AppendResult",
            "AppendResult",
            "WrongExpectedVersion",
            "AppendResult",
            "AppendResult",
            "AppendResult",
        ]
    for name in alone:
        shapes = []
        for written in (alone, together):
            records = [ledger.stored_event(written[name], v) for v in range(4)]
            found = [r for r in records if r is not None]
            # Each hash chains over the one before it in its stream, from zero: what the single
            # appends wrote, whatever group the events were written in.
            assert [r.hash for r in found] == chain(ZERO, [r.digest() for r in found])
            shapes.append([(r.version, r.type, r.data) for r in found])
        assert shapes[0] == shapes[1]
    assert verify(ledger, b"k" * 32, full=True).intact


def test_a_group_of_new_streams_settles_each_and_chains_from_zero(store: EventStore) -> None:
    taken, fresh, many, twice = stream(), stream(), stream(), stream()
    store.append(taken, [event(0)], expected_version=NO_STREAM)
    outcomes = append_group(
        store,
        [
            (fresh, [event(1)], NO_STREAM),
            (taken, [event(2)], NO_STREAM),
            (many, [event(3), event(4)], NO_STREAM),
            (twice, [event(5)], NO_STREAM),
            (twice, [event(6)], NO_STREAM),
        ],
    )
    assert [getattr(o, "version", type(o).__name__) for o in outcomes] == [
        0,
        "WrongExpectedVersion",
        1,
        0,
        "WrongExpectedVersion",
    ]
    positions = [o.position for o in outcomes if isinstance(o, AppendResult)]
    assert positions == sorted(positions)
    assert [e.data["n"] for e in store.read_stream(many)] == [3, 4]
    assert [e.data["n"] for e in store.read_stream(twice)] == [5]
    assert [e.data["n"] for e in store.read_stream(taken)] == [0]
    if hasattr(store, "stored"):
        assert_chained(ledger_of(store))


def test_an_invalid_append_in_a_group_writes_nothing(store: EventStore) -> None:
    s = stream()
    with pytest.raises(InvalidStreamName):
        append_group(store, [(s, [event(0)], NO_STREAM), ("no stream", [event(1)], NO_STREAM)])
    assert store.read_stream(s) == []


def _threads_appending(url: str, process: int) -> None:
    store = connect(url)

    def write(thread: int) -> None:
        for i in range(EVENTS_EACH):
            store.append(stream(f"tests.p{process}"), [event(i, writer=(process, thread))])

    threads = [threading.Thread(target=write, args=(t,)) for t in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    store.close()


def test_threads_of_several_processes_appending_leave_a_log_read_once_in_order(
    backend: Backend,
) -> None:
    if backend.name != "postgres":
        pytest.skip("SQLite has one writer at a time: test_eventstore_concurrency covers it")
    reader = backend.open()  # the schema exists before the writers race
    ctx = multiprocessing.get_context("spawn")
    procs = [
        ctx.Process(target=_threads_appending, args=(backend.url, p)) for p in range(PROCESSES)
    ]
    for p in procs:
        p.start()
    seen: list[tuple[object, Position]] = []
    after: Position | None = None
    total = PROCESSES * THREADS * EVENTS_EACH
    wakeups = wakeups_of(reader)
    assert wakeups is not None

    def read_more() -> bool:
        nonlocal after
        batch = list(reader.read_all(after=after, limit=100))
        for e in batch:
            assert after is None or after < e.position  # never behind what was read
            seen.append(((e.data["writer"][0], e.data["writer"][1], e.data["n"]), e.position))
            after = e.position
        if not batch:
            # The writers' next commit ends the wait; the timeout covers a lost notification.
            wakeups.wait(1.0)
        return len(seen) >= total

    try:
        eventually(read_more, timeout=180, interval=0, what="every appended event read")
    finally:
        wakeups.close()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    assert list(reader.read_all(after=after)) == []
    written = [what for what, _ in seen]
    assert len(written) == len(set(written)) == total
    assert [e.position for e in reader.read_all(limit=None)] == [at for _, at in seen]
