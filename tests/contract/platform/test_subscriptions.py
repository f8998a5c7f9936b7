"""Subscribers on every read-model database: order, filters, failures, parking, rebuilds,
read-your-writes, and exactly-once effect when two instances compete."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta, tzinfo
from typing import Any

import pytest
import sqlalchemy as sa

from services.eventstore import EventStore, NewEvent, connect
from services.subscriptions import SubscriptionRunner, connect_database
from services.subscriptions import ops as subscription_ops
from services.subscriptions import runner as runner_module
from services.subscriptions.checkpoint import CheckpointMoved
from services.subscriptions.database import subscriptions
from services.subscriptions.lease import Lease
from tests.conftest import drop_schema, fresh_postgres_url
from tests.contract.platform.subscriber_kit import snapshot, toy


@pytest.fixture
def engine(database: Callable[[], sa.Engine]) -> sa.Engine:
    return database()


@pytest.fixture
def store() -> EventStore:
    return connect("memory://")


def put(store: EventStore, category: str = "tests.thing", **data: object) -> str:
    stream = f"{category}-{uuid.uuid4()}"
    store.append(stream, [NewEvent("tests.ThingHappened", {"n": 1, **data})])
    return stream


@contextmanager
def statements_on(engine: sa.Engine, words: int = 1) -> Iterator[list[str]]:
    """The first `words` words of each statement `engine` sends meanwhile, in capitals."""
    seen: list[str] = []

    def heard(*args: Any) -> None:
        seen.append(" ".join(args[2].split()[:words]).upper())

    sa.event.listen(engine, "before_cursor_execute", heard)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", heard)


def drain(runner: SubscriptionRunner) -> int:
    total = 0
    while (n := runner.run_once()) > 0:
        total += n
    return total


def test_events_are_applied_once_in_order_and_the_checkpoint_follows(
    store: EventStore, engine: sa.Engine
) -> None:
    streams = [put(store, n=i) for i in range(7)]
    runner = SubscriptionRunner(store, engine, toy(), batch_size=3)
    assert drain(runner) == 7
    assert runner.run_once() == 0
    assert snapshot(engine, runner.tables()) == {s: (1, i) for i, s in enumerate(streams)}
    assert runner.wait_for(store.head(), timeout=0)  # type: ignore[arg-type]
    runner.release()


def test_only_the_declared_categories_are_applied_and_the_checkpoint_still_reaches_the_head(
    store: EventStore, engine: sa.Engine
) -> None:
    wanted = put(store, category="tests.wanted")
    put(store, category="tests.other")
    runner = SubscriptionRunner(store, engine, toy(categories=("tests.wanted",)))
    drain(runner)
    assert set(snapshot(engine, runner.tables())) == {wanted}
    put(store, category="tests.other")
    drain(runner)
    assert runner.wait_for(store.head(), timeout=0)  # type: ignore[arg-type]
    runner.release()


def test_a_batch_with_nothing_to_apply_writes_nothing(store: EventStore, engine: sa.Engine) -> None:
    put(store)
    runner = SubscriptionRunner(store, engine, toy())
    drain(runner)
    before = _checkpoint_row(engine)
    assert runner.run_once() == 0
    assert _checkpoint_row(engine) == before  # not even its updated_at
    runner.release()


def test_passing_over_an_event_it_skips_takes_one_write_and_no_transaction(
    store: EventStore, engine: sa.Engine
) -> None:
    # What most subscribers of a service do with most events: nothing but move the checkpoint.
    runner = SubscriptionRunner(store, engine, toy(categories=("tests.wanted",)))
    put(store, category="tests.wanted")
    drain(runner)
    put(store, category="tests.other")
    with statements_on(engine) as statements:
        assert runner.run_once() == 0
    assert statements.count("UPDATE") == 1
    assert not {"INSERT", "DELETE", "SAVEPOINT", "COMMIT"} & set(statements)
    assert len(statements) <= 3  # the checkpoint row, the move (and SQLite's read BEGIN)
    assert _checkpoint_row(engine).position == str(store.head())
    runner.release()


def test_a_batch_that_applies_whole_takes_no_savepoint_and_one_write_of_its_checkpoint(
    store: EventStore, engine: sa.Engine
) -> None:
    runner = SubscriptionRunner(store, engine, toy())
    put(store)
    drain(runner)
    streams = [put(store), put(store)]
    with statements_on(engine, words=2) as statements:
        assert runner.run_once() == 2
    assert not [s for s in statements if s.startswith(("SAVEPOINT", "RELEASE"))]
    assert statements.count("UPDATE SUBSCRIPTIONS") == 1  # claimed and moved at once
    assert _checkpoint_row(engine).position == str(store.head())
    assert set(streams) <= set(snapshot(engine, runner.tables()))
    runner.release()


def test_an_instance_overtaken_while_passing_over_events_leaves_the_checkpoint_alone(
    store: EventStore, engine: sa.Engine
) -> None:
    first = SubscriptionRunner(store, engine, toy(categories=("tests.wanted",)))
    second = SubscriptionRunner(_Overtaken(store, first), engine, toy(categories=("tests.wanted",)))
    second._lease = _AlwaysHeld(engine, "overtaken")  # type: ignore[assignment]
    put(store, category="tests.other")
    with pytest.raises(CheckpointMoved):
        second.run_once()  # the first moved it between its read and its move
    assert _checkpoint_row(engine).position == str(store.head())
    first.release()


def test_a_caught_up_subscriber_reads_nothing_of_its_database_until_the_log_moves(
    store: EventStore, engine: sa.Engine
) -> None:
    put(store)
    runner = SubscriptionRunner(store, engine, toy())
    drain(runner)
    assert runner.run_once() == 0  # finds itself caught up
    with statements_on(engine) as statements:
        assert runner.run_once() == 0
        assert statements == []
        later = put(store)
        assert runner.run_once() == 1
    assert later in snapshot(engine, runner.tables())
    runner.release()


def test_a_caught_up_subscriber_whose_checkpoint_moved_back_reads_again_once_trust_runs_out(
    store: EventStore, engine: sa.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An operator's replay switched over sets the checkpoint back (0032) while the head stays.
    streams = [put(store), put(store)]
    runner = SubscriptionRunner(store, engine, toy())
    drain(runner)
    assert runner.run_once() == 0  # finds itself caught up
    with engine.begin() as conn:
        conn.execute(sa.delete(runner.tables().totals))
        conn.execute(sa.delete(runner.tables().applied))
        conn.execute(sa.update(subscriptions).values(position=None))
    monkeypatch.setattr(runner_module, "IDLE_TRUSTED_SECONDS", 0.0)
    assert drain(runner) == 2
    assert set(snapshot(engine, runner.tables())) == set(streams)
    runner.release()


def _checkpoint_row(engine: sa.Engine) -> Any:
    with engine.connect() as conn:
        return conn.execute(sa.select(subscriptions)).one()


def test_wait_for_times_out_until_the_subscriber_catches_up(
    store: EventStore, engine: sa.Engine
) -> None:
    runner = SubscriptionRunner(store, engine, toy())
    put(store)
    position = str(store.head())
    assert not runner.wait_for(position, timeout=0.05)
    drain(runner)
    assert runner.wait_for(position, timeout=0.05)
    runner.release()


@pytest.mark.parametrize("batched", [False, True], ids=["one_by_one", "batched"])
def test_a_failing_event_stops_the_subscriber_there_and_is_never_skipped(
    store: EventStore, engine: sa.Engine, monkeypatch: pytest.MonkeyPatch, batched: bool
) -> None:
    # Applied at once, the batch fails whole; it is applied again one event at a time, so the
    # event before the failing one still commits and the failing one is named.
    before = put(store, n=1)
    poison = put(store, n=5, poison=True)
    after = put(store, n=2)
    runner = SubscriptionRunner(store, engine, toy(batched=batched))
    assert runner.run_once() == 1
    assert snapshot(engine, runner.tables()) == {before: (1, 1)}
    [state] = subscription_ops.stuck(engine)
    assert state["stuck_event_id"] == str(store.read_stream(poison)[0].event_id)
    assert state["attempts"] == 1 and "ValueError" in state["error"]
    assert runner.run_once() == 0  # backing off
    monkeypatch.setattr("services.subscriptions.runner.datetime", later(minutes=5))
    assert runner.run_once() == 0  # retried, failed again
    assert subscription_ops.stuck(engine)[0]["attempts"] == 2
    monkeypatch.setenv("TOY_CURED", "1")
    monkeypatch.setattr("services.subscriptions.runner.datetime", later(minutes=10))
    drain(runner)
    assert snapshot(engine, runner.tables()) == {before: (1, 1), poison: (1, 5), after: (1, 2)}
    assert subscription_ops.stuck(engine) == []
    runner.release()


def test_a_lost_database_connection_is_no_events_fault_and_the_batch_is_applied_later(
    store: EventStore, engine: sa.Engine
) -> None:
    first = put(store, n=1)
    second = put(store, n=2)
    lost = {"now": True}
    kit = toy()

    def handle(tx: Any, tables: Any, event: Any) -> None:
        if lost["now"] and event.stream == second:
            raise sa.exc.OperationalError("SELECT 1", {}, Exception("server closed the connection"))
        kit.handle(tx, tables, event)

    runner = SubscriptionRunner(store, engine, replace(kit, handle=handle))
    with pytest.raises(sa.exc.OperationalError):
        runner.run_once()
    assert subscription_ops.stuck(engine) == []  # nothing blamed on the event
    assert snapshot(engine, runner.tables()) == {}  # the batch rolled back whole
    lost["now"] = False
    assert drain(runner) == 2
    assert snapshot(engine, runner.tables()) == {first: (1, 1), second: (1, 2)}
    runner.release()


def test_an_operator_can_park_the_stuck_event_and_the_rest_flows(
    store: EventStore, engine: sa.Engine
) -> None:
    poison = put(store, poison=True)
    after = put(store, n=3)
    runner = SubscriptionRunner(store, engine, toy())
    runner.run_once()
    event_id = subscription_ops.stuck(engine)[0]["stuck_event_id"]
    with pytest.raises(ValueError):
        subscription_ops.park(engine, "tests.totals", event_id, " ", "operator:ana")
    subscription_ops.park(engine, "tests.totals", event_id, "corrupt test data", "operator:ana")
    drain(runner)
    assert snapshot(engine, runner.tables()) == {after: (1, 3)}
    assert poison not in snapshot(engine, runner.tables())
    assert subscription_ops.stuck(engine) == []
    [kept] = subscription_ops.parked_events(engine, "tests.totals")
    assert (kept["reason"], kept["actor"]) == ("corrupt test data", "operator:ana")
    runner.release()


def test_a_new_version_rebuilds_beside_the_old_one_and_switches_when_caught_up(
    store: EventStore, engine: sa.Engine
) -> None:
    streams = [put(store, n=i) for i in range(5)]
    old = SubscriptionRunner(store, engine, toy(version=1))
    drain(old)
    old.release()
    new = SubscriptionRunner(store, engine, toy(version=2, weight=10), batch_size=2)
    assert new.run_once() == 2
    # Still building: reads are served by version 1's tables.
    assert snapshot(engine, new.tables()) == {s: (1, i) for i, s in enumerate(streams)}
    drain(new)
    assert snapshot(engine, new.tables()) == {s: (1, 10 * i) for i, s in enumerate(streams)}
    generations = {r["generation"]: r["status"] for r in subscription_ops.status(engine)}
    assert generations == {1: "retired", 2: "active"}
    new.release()


def test_two_instances_never_apply_an_event_twice(store: EventStore, engine: sa.Engine) -> None:
    for i in range(12):
        put(store, n=i)
    first = SubscriptionRunner(store, engine, toy(), batch_size=4)
    second = SubscriptionRunner(_Overtaken(store, first), engine, toy(), batch_size=4)
    assert first.run_once() == 4
    assert second.run_once() == 0  # the lease is taken
    # Even when both believe they hold the lease (an expired SQLite lease, a paused process),
    # the checkpoint is compared and set: the one overtaken between reading and writing
    # applies nothing.
    second._lease = _AlwaysHeld(engine, "overtaken")  # type: ignore[assignment]
    with pytest.raises(CheckpointMoved):
        second.run_once()
    drain(first)
    with engine.connect() as conn:
        count = conn.execute(sa.select(sa.func.count()).select_from(first.tables().applied))
        assert count.scalar() == 12
    assert sum(c for c, _ in snapshot(engine, first.tables()).values()) == 12
    first.release()


class _Overtaken:
    """A store whose reader is overtaken by another instance right after reading."""

    def __init__(self, store: EventStore, rival: SubscriptionRunner) -> None:
        self._store = store
        self._rival = rival

    def read_all(self, **kwargs: object) -> list[object]:
        events = list(self._store.read_all(**kwargs))  # type: ignore[arg-type]
        self._rival.run_once()
        return events

    def __getattr__(self, name: str) -> object:
        return getattr(self._store, name)


class _AlwaysHeld(Lease):
    def acquire(self) -> bool:
        return True


def later(minutes: int) -> type:
    """The runner's clock, moved on past its retry backoff."""

    class Later(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> datetime:  # type: ignore[override]
            return datetime.now(tz) + timedelta(minutes=minutes)

    return Later


def test_a_lease_is_held_by_one_instance_per_database_schema(engine: sa.Engine) -> None:
    first, second = Lease(engine, "tests.lease"), Lease(engine, "tests.lease")
    assert first.acquire() and first.acquire()  # renewing is taking it again
    assert not second.acquire()
    first.release()
    assert second.acquire()
    second.release()


def test_leases_of_the_same_name_in_two_postgresql_schemas_do_not_block_each_other() -> None:
    urls = [fresh_postgres_url(), fresh_postgres_url()]
    engines = [connect_database(url) for url in urls]
    leases = [Lease(e, "tests.lease") for e in engines]
    try:
        assert all(lease.acquire() for lease in leases)
    finally:
        for lease, db, url in zip(leases, engines, urls, strict=True):
            lease.release()
            db.dispose()
            drop_schema(url)
