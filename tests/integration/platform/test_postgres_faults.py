"""Crash PostgreSQL (`pg_ctl stop -m immediate`) three times while writers append and the toy
subscriber applies, restart it each time: no event is lost or doubled in the log, and the read
model applies each exactly once.

Runs against a private cluster of its own (tests/support/pg_cluster.py), never the machine's
shared server. The store and the read model share the cluster, in different schemas, so every
crash hits both at once.
"""

from __future__ import annotations

import collections
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from services.eventstore import EventStore, connect
from services.subscriptions import SubscriptionRunner, connect_database
from tests.contract.platform.subscriber_kit import snapshot, toy
from tests.integration.platform.pg_fault_procs import plan
from tests.support import eventually
from tests.support.pg_cluster import PrivateCluster, private_cluster
from tests.support.platform_procs import ROOT

pytestmark = pytest.mark.postgres

WRITERS = ("a", "b")
EVENTS = 500  # per writer
STREAMS = 7  # per writer
CRASHES = ((0.2, 0.3), (0.45, 1.0), (0.7, 0.5))  # (share of events written, seconds down)


def test_crashing_postgres_three_times_loses_and_doubles_nothing(tmp_path: Path) -> None:
    started = time.monotonic()
    with private_cluster() as cluster:
        store_url, db_url = cluster.url(schema="events"), cluster.url(schema="read")
        writers = [
            _spawn("write", store_url, w, str(EVENTS), str(STREAMS), str(tmp_path)) for w in WRITERS
        ]
        subscriber = _spawn(
            "subscribe", store_url, db_url, str(tmp_path), env={"TOY_SUBSCRIBER_DELAY": "0.001"}
        )
        try:
            progress = 0
            for share, down in CRASHES:
                _wait_for(_written, tmp_path, share * EVENTS * len(WRITERS))
                # The subscriber is mid-stream too, not still recovering from the last crash.
                _wait_for(_applied, tmp_path, progress + 1)
                progress = _applied(tmp_path)
                cluster.crash()
                time.sleep(down)  # writers and subscriber keep failing meanwhile
                cluster.start()
            for proc in writers:
                assert proc.wait(timeout=40) == 0, _diagnosis(tmp_path, cluster)
            store = connect(store_url)
            engine = connect_database(db_url)
            runner = SubscriptionRunner(store, engine, toy())
            head = store.head()
            assert head is not None
            assert runner.wait_for(head, timeout=30), _diagnosis(tmp_path, cluster)
        finally:
            _stop(subscriber, *writers)
        assert subscriber.returncode == 0, _diagnosis(tmp_path, cluster)
        for writer in WRITERS:
            # Otherwise the crashes fell outside the writing and proved nothing.
            assert _report(tmp_path / f"writer-{writer}.json")["failures"], writer

        _check_log(store)
        logged = [str(e.event_id) for e in store.read_all(limit=None)]
        with engine.connect() as conn:
            applied = conn.execute(sa.text("SELECT event_id FROM applied_v1")).scalars().all()
        assert sorted(applied) == sorted(logged), "every logged event applied once, none twice"
        assert snapshot(engine, runner.tables()) == _rebuild(store, tmp_path)

        _print_summary(tmp_path, len(logged), time.monotonic() - started)
        engine.dispose()
        store.close()


def _check_log(store: EventStore) -> None:
    """Each planned append is in its stream once, at the versions planned, ids in order."""
    intended: dict[str, list[uuid.UUID]] = collections.defaultdict(list)
    for writer in WRITERS:
        for append in plan(writer, EVENTS, STREAMS):
            intended[append.stream].extend(append.event_ids)
    logged = collections.Counter(e.event_id for e in store.read_all(limit=None))
    assert sum(logged.values()) == EVENTS * len(WRITERS)
    assert set(logged) == {i for ids in intended.values() for i in ids}
    assert max(logged.values()) == 1
    for stream, ids in intended.items():
        assert [e.event_id for e in store.read_stream(stream)] == ids, stream


def _rebuild(store: EventStore, tmp: Path) -> dict[str, tuple[int, int]]:
    fresh = connect_database(f"sqlite:///{tmp}/rebuild-{uuid.uuid4().hex}.db")
    runner = SubscriptionRunner(store, fresh, toy())
    while runner.run_once():
        pass
    result = snapshot(fresh, runner.tables())
    runner.release()
    fresh.dispose()
    return result


def _spawn(mode: str, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.integration.platform.pg_fault_procs", mode, *args],
        env={**os.environ, **(env or {})},
        cwd=ROOT,
    )


def _stop(*procs: subprocess.Popen[bytes]) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _report(path: Path) -> dict[str, Any]:
    try:
        return dict(json.loads(path.read_text()))
    except (OSError, ValueError):
        return {}


def _written(tmp: Path) -> int:
    return sum(_report(tmp / f"writer-{w}.json").get("done", 0) for w in WRITERS)


def _applied(tmp: Path) -> int:
    return int(_report(tmp / "subscriber.json").get("applied", 0))


def _wait_for(count: Callable[[Path], int], tmp: Path, goal: float, timeout: float = 30) -> None:
    what = f"progress: {count.__name__} reaches {goal:g}"
    eventually(lambda: count(tmp) >= goal, timeout=timeout, interval=0.05, what=what)


def _diagnosis(tmp: Path, cluster: PrivateCluster) -> str:
    reports = {p.name: _report(p) for p in sorted(tmp.glob("*.json"))}
    return f"{json.dumps(reports, indent=1)}\nserver log:\n{cluster.log_tail()}"


def _print_summary(tmp: Path, events: int, seconds: float) -> None:
    unseen = sum(_report(tmp / f"writer-{w}.json").get("unseen_commits", 0) for w in WRITERS)
    print(
        f"\n{events} events, {len(CRASHES)} crashes, {seconds:.1f} s, {unseen} appends committed"
        " unseen and recognised on retry; failures ridden out:"
    )
    for path in sorted(tmp.glob("*.json")):
        report = _report(path)
        for failure, count in sorted(report.get("failures", {}).items()):
            print(f"  {path.stem}: {count} x {failure}: {report['samples'].get(failure, '')}")
