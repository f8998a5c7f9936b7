"""Subscribers in real Nameko services, woken by the relay through real RabbitMQ."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
import uuid
from functools import partial
from pathlib import Path

import pytest
import sqlalchemy as sa

from services.eventstore import NewEvent, connect
from services.subscriptions import SubscriptionRunner, connect_database
from tests.integration.platform.toy_service import TOY
from tests.support import eventually, free_port
from tests.support.platform_procs import ROOT, applied_ids, environment, served
from tests.support.rabbit_node import bound_queues

pytestmark = pytest.mark.rabbitmq

RELAY = ["services.relay.service"]
STEP = 300  # events applied between two kills
WAKE_UP = "quartier.wakeup.toy."  # services.runtime.wakeup names the service's queue so
TOY_SERVICE = ["tests.integration.platform.toy_service"]


def _rows(url: str) -> tuple[list[tuple], list[tuple]]:  # type: ignore[type-arg]
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        applied = conn.execute(
            sa.text("SELECT event_id, stream, version, position FROM toy_applied_v1 ORDER BY 1")
        ).all()
        streams = conn.execute(sa.text("SELECT * FROM toy_streams_v1 ORDER BY 1")).all()
    engine.dispose()
    return [tuple(r) for r in applied], [tuple(r) for r in streams]


def test_read_model_equals_a_fresh_rebuild_after_killing_relay_and_subscriber(
    amqp_uri: str, data_dir: Path, tmp_path: Path
) -> None:
    env = environment(data_dir, amqp_uri)
    store_url = f"sqlite:///{data_dir}/events.db"
    connect(store_url).close()
    writers_n, per_writer = 4, 2500
    with (
        served(RELAY, env, tmp_path / "relay.log") as relay,
        served(TOY_SERVICE, env, tmp_path / "toy.log") as toy,
    ):
        writers = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tests.integration.platform.toy_writer",
                    store_url,
                    "20",
                    str(per_writer),
                ],
                cwd=ROOT,
                env=env,
            )
            for _ in range(writers_n)
        ]
        total = writers_n * per_writer
        read_db = data_dir / "read-toy.db"

        def more_applied(what: str) -> None:
            # Each kill lands mid-run: the subscriber has applied more since the last one, and is
            # still catching up with what the writers wrote.
            goal = min(total, len(applied_ids(read_db)) + STEP)
            eventually(lambda: len(applied_ids(read_db)) >= goal, timeout=60, what=what)

        more_applied("events applied while the writers write")
        relay.restart()  # SIGKILL mid-run, then start again
        more_applied("events applied after the relay's restart")
        toy.restart()
        more_applied("events applied after the subscriber's restart")
        relay.restart()
        toy.restart()
        for w in writers:
            assert w.wait(timeout=120) == 0
        eventually(
            lambda: len(applied_ids(read_db)) >= total,
            timeout=150,
            interval=0.2,
            what=f"all {total} events applied",
        )

    store = connect(store_url)
    recorded = {str(e.event_id) for e in store.read_all(limit=None)}
    ids = applied_ids(data_dir / "read-toy.db")
    assert len(ids) == total == len(recorded)
    assert set(ids) == recorded

    rebuild = connect_database(f"sqlite:///{tmp_path}/rebuild.db")
    runner = SubscriptionRunner(store, rebuild, TOY, batch_size=1000)
    while runner.run_once():
        pass
    runner.release()
    assert _rows(f"sqlite:///{data_dir}/read-toy.db") == _rows(f"sqlite:///{tmp_path}/rebuild.db")


def test_subscriber_is_woken_by_the_relay_long_before_its_timer(
    amqp_uri: str, data_dir: Path, tmp_path: Path
) -> None:
    # An hour's timer and the store's wake-ups off (the default, said here all the same): an
    # event applied at all within the test was woken by the relay's message.
    env = environment(
        data_dir, amqp_uri, QUARTIER_POLL_SECONDS="3600", QUARTIER_SUBSCRIBER_WAKEUPS="broker"
    )
    store_url = f"sqlite:///{data_dir}/events.db"
    with served(RELAY, env, tmp_path / "relay.log"):
        latencies = _paced_appends(store_url, env, tmp_path, amqp_uri)
    median, worst = statistics.median(latencies), max(latencies)
    # For information only: bench/latency.py measures this path.
    print(
        f"append -> read model, woken by the relay: median {median * 1000:.0f} ms, "
        f"max {worst * 1000:.0f} ms"
    )


def test_subscriber_is_woken_by_the_store_with_no_relay_running(
    amqp_uri: str, data_dir: Path, tmp_path: Path, event_store_url: str
) -> None:
    # No relay, hence no message, and an hour's timer: every event applied within the test was
    # woken by the store (PostgreSQL's notification, SQLite's data_version).
    env = environment(
        data_dir,
        amqp_uri,
        QUARTIER_POLL_SECONDS="3600",
        QUARTIER_EVENT_STORE=event_store_url,
        QUARTIER_SUBSCRIBER_WAKEUPS="store",
    )
    latencies = _paced_appends(event_store_url, env, tmp_path, amqp_uri)
    median = statistics.median(latencies)
    print(f"append -> read model, woken by the store: median {median * 1000:.0f} ms")


def _paced_appends(store_url: str, env: dict[str, str], logs: Path, amqp_uri: str) -> list[float]:
    """Twenty events appended one at a time by this process, each waited for in the toy
    service's read model; their latencies in seconds."""
    store = connect(store_url)
    read = None
    try:
        with served(TOY_SERVICE, env, logs / "toy.log") as toy:
            read = sa.create_engine(f"sqlite:///{env['QUARTIER_DATA_DIR']}/read-toy.db")

            def applied(event: NewEvent) -> bool:
                with read.connect() as conn:
                    return (
                        conn.execute(
                            sa.text("SELECT 1 FROM toy_applied_v1 WHERE event_id = :id"),
                            {"id": str(event.event_id)},
                        ).first()
                        is not None
                    )

            # The service says it runs before its listener has bound the wake-up queue (and
            # its store listener starts with it).
            eventually(
                lambda: any(q.startswith(WAKE_UP) for q in bound_queues(amqp_uri, "toy.events")),
                timeout=30,
                interval=0.2,
                what="the toy service's wake-up queue bound",
            )
            latencies = []
            stream = f"toy.counter-{uuid.uuid4()}"
            for n in range(20):
                event = NewEvent("toy.Counted", {"n": n})
                sent = time.monotonic()
                store.append(stream, [event])
                eventually(
                    partial(applied, event), timeout=30, interval=0.002, what=f"event {n} applied"
                )
                latencies.append(time.monotonic() - sent)  # the next waits for this one
            assert toy.interrupt() == 0  # Ctrl-C stops it cleanly
    finally:
        store.close()
        if read is not None:
            read.dispose()
    return latencies


def test_make_run_with_rabbitmq_unreachable_says_so_in_one_line(data_dir: Path) -> None:
    port = free_port()
    env = environment(data_dir, f"amqp://guest:secret-pw@127.0.0.1:{port}/")
    done = subprocess.run(
        ["make", "--no-print-directory", "run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    ours = [line for line in done.stderr.splitlines() if line.startswith("quartier:")]
    assert ours == [
        f"quartier: RabbitMQ is unreachable at 127.0.0.1:{port} (ConnectionRefusedError); "
        "start it with: rabbitmq-server -detached"
    ]
    assert "Traceback" not in done.stderr + done.stdout
    assert "secret-pw" not in done.stderr + done.stdout
