"""Subscribers in real processes: SIGKILL mid-batch loses and repeats nothing, whether the batch
is applied one event at a time or at once; two processes running the same subscriber never both
apply."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from services.eventstore import EventStore, NewEvent, connect
from services.subscriptions import SubscriptionRunner, connect_database
from services.subscriptions.database import open_database
from tests.conftest import drop_schema, fresh_postgres_url
from tests.contract.platform.subscriber_kit import snapshot, toy
from tests.support import eventually

EVENTS = 400


@pytest.fixture(params=["sqlite", "postgres"])
def urls(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/events.db", f"sqlite:///{tmp_path}/read.db"
    else:
        store_url, db_url = fresh_postgres_url(), fresh_postgres_url()
        yield store_url, db_url
        drop_schema(store_url)
        drop_schema(db_url)


def fill(store: EventStore) -> None:
    for i in range(EVENTS):
        stream = f"tests.thing-{uuid.UUID(int=i % 37)}"
        store.append(stream, [NewEvent("tests.ThingHappened", {"n": i})])


def start(
    store_url: str, db_url: str, delay: str = "0.002", once: bool = False, batched: bool = False
) -> subprocess.Popen[bytes]:
    env = {**os.environ, "TOY_SUBSCRIBER_DELAY": delay}
    args = [sys.executable, "-m", "tests.contract.platform.run_toy", store_url, db_url]
    flags = ["--once"] * once + ["--batched"] * batched
    return subprocess.Popen([*args, *flags], env=env)


def applied_count(db_url: str) -> int:
    engine = open_database(db_url)  # reads only: never waits for the subscriber's write lock
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text("SELECT count(*) FROM applied_v1")).scalar() or 0
    except sa.exc.DBAPIError:
        return 0
    finally:
        engine.dispose()


def wait_applied(db_url: str, goal: int, what: str, timeout: float = 30) -> None:
    """Until the subscriber's database has applied `goal` events or more."""
    eventually(lambda: applied_count(db_url) >= goal, timeout=timeout, interval=0.05, what=what)


def rebuild(store: EventStore, tmp: Path) -> dict[str, tuple[int, int]]:
    fresh = connect_database(f"sqlite:///{tmp}/rebuild-{uuid.uuid4().hex}.db")
    runner = SubscriptionRunner(store, fresh, toy())
    while runner.run_once():
        pass
    return snapshot(fresh, runner.tables())


def test_a_subscriber_killed_mid_batch_resumes_without_loss_or_repeat(
    urls: tuple[str, str], tmp_path: Path
) -> None:
    store_url, db_url = urls
    store = connect(store_url)
    fill(store)
    # Killed while applying a batch at once, then one event at a time, then at once again.
    for kill in range(3):
        proc = start(store_url, db_url, batched=kill != 1)
        try:
            wait_applied(db_url, applied_count(db_url) + 60, "the subscriber applies events")
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
    assert 0 < applied_count(db_url) < EVENTS
    finisher = start(store_url, db_url, delay="0", once=True, batched=True)
    assert finisher.wait(60) == 0
    engine = connect_database(db_url)
    runner = SubscriptionRunner(store, engine, toy())
    assert applied_count(db_url) == EVENTS  # the applied table's primary key forbids doubles
    assert snapshot(engine, runner.tables()) == rebuild(store, tmp_path)
    runner.release()
    engine.dispose()
    store.close()


def test_two_processes_running_one_subscriber_take_turns_never_both(
    urls: tuple[str, str], tmp_path: Path
) -> None:
    store_url, db_url = urls
    store = connect(store_url)
    fill(store)
    first = start(store_url, db_url)
    second: subprocess.Popen[bytes] | None = None
    try:
        # The first holds the lease once it has applied something; the second then waits for it.
        wait_applied(db_url, 1, "the first applies")
        second = start(store_url, db_url)
        wait_applied(db_url, EVENTS // 2, "half the events applied")
        first.send_signal(signal.SIGKILL)
        first.wait()
        # The SQLite lease expires, then the second takes over.
        wait_applied(db_url, EVENTS, "the second process applies the rest", timeout=60)
        second.send_signal(signal.SIGTERM)
        second.wait()
    finally:
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait()
    engine = connect_database(db_url)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT pid, count(*) FROM applied_v1 GROUP BY pid")).all()
    by_pid = dict(rows)  # type: ignore[arg-type]
    assert sum(by_pid.values()) == EVENTS
    assert set(by_pid) <= {first.pid, second.pid}
    runner = SubscriptionRunner(store, engine, toy())
    assert snapshot(engine, runner.tables()) == rebuild(store, tmp_path)
    runner.release()
    engine.dispose()
