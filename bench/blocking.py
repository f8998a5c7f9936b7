"""How long a subscriber batch holds the eventlet hub, inline or on an OS thread (tpool).

    python bench/blocking.py [--events 20000] [--postgres URL]

Catches a toy read model up from scratch while a green thread ticks every 1 ms (the stall is
the longest gap between ticks) and another runs read-model queries as RPC workers would.
"""

from __future__ import annotations

import warnings

warnings.filterwarnings("ignore", message="(?s).*Eventlet is deprecated")

import eventlet  # noqa: E402

eventlet.monkey_patch()

import argparse  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from pathlib import Path  # noqa: E402

import sqlalchemy as sa  # noqa: E402
from eventlet import tpool  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from services.eventstore import NewEvent, connect  # noqa: E402
from services.subscriptions import SubscriptionRunner, connect_database  # noqa: E402
from tests.integration.platform.toy_service import TOY  # noqa: E402


def fill(store, events: int) -> None:  # type: ignore[no-untyped-def]
    streams = [f"toy.counter-{uuid.uuid4()}" for _ in range(50)]
    for start in range(0, events, 50):
        for stream in streams:
            store.append(stream, [NewEvent("toy.Counted", {"n": start})])


def measure(store, url: str, batch: int, threaded: bool) -> dict[str, float]:  # type: ignore[no-untyped-def]
    engine = connect_database(url)
    runner = SubscriptionRunner(store, engine, TOY, batch_size=batch)
    gaps: list[float] = []
    queries: list[float] = []
    running = True

    def ticker() -> None:
        last = time.perf_counter()
        while running:
            eventlet.sleep(0.001)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    def reader() -> None:
        while running:
            t0 = time.perf_counter()
            with engine.connect() as conn:
                conn.execute(sa.text("SELECT count(*) FROM subscriptions")).scalar()
            queries.append(time.perf_counter() - t0)
            eventlet.sleep(0.005)

    threads = [eventlet.spawn(ticker), eventlet.spawn(reader)]
    started = time.perf_counter()
    while True:
        applied = tpool.execute(runner.run_once) if threaded else runner.run_once()
        eventlet.sleep(0)
        if applied < batch:
            break
    elapsed = time.perf_counter() - started
    running = False
    for t in threads:
        t.wait()
    runner.release()
    engine.dispose()
    return {
        "events/s": store_count(store) / elapsed,
        "max stall ms": max(gaps) * 1000,
        "p99 stall ms": statistics.quantiles(gaps, n=100)[98] * 1000,
        "query p99 ms": statistics.quantiles(queries, n=100)[98] * 1000 if len(queries) > 2 else 0,
    }


def store_count(store) -> int:  # type: ignore[no-untyped-def]
    return sum(1 for _ in store.read_all(limit=None))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--postgres", default=None)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    store = connect(f"sqlite:///{folder}/events.db")
    fill(store, args.events)
    targets = [("sqlite", lambda n: f"sqlite:///{folder}/read-{n}.db")]
    if args.postgres:
        targets.append(("postgresql", lambda n: f"{args.postgres}?schema=bench_{n}"))
    print(
        f"{'read models':12} {'batch':>5} {'mode':7} {'events/s':>9} {'max stall':>10} "
        f"{'p99 stall':>10} {'query p99':>10}"
    )
    for label, url_for in targets:
        for batch in (100, 500):
            for threaded in (False, True):
                name = f"{batch}{'t' if threaded else 'i'}{uuid.uuid4().hex[:6]}"
                r = measure(store, url_for(name), batch, threaded)
                print(
                    f"{label:12} {batch:>5} {'tpool' if threaded else 'inline':7} "
                    f"{r['events/s']:>9.0f} {r['max stall ms']:>8.1f}ms "
                    f"{r['p99 stall ms']:>8.1f}ms {r['query p99 ms']:>8.1f}ms"
                )


if __name__ == "__main__":
    main()
