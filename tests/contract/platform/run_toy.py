"""Runs the toy subscriber in a process of its own until killed, or until caught up with --once;
with --batched, each batch is applied at once (the toy's `handle_batch`)."""

from __future__ import annotations

import sys
import time

from services.eventstore import connect
from services.subscriptions import Lease, SubscriptionRunner, connect_database
from tests.contract.platform.subscriber_kit import toy


def main(store_url: str, db_url: str, once: bool, batched: bool) -> None:
    store = connect(store_url)
    engine = connect_database(db_url)
    # A short lease, so that a killed holder's SQLite lease row expires quickly.
    lease = Lease(engine, "subscription:tests.totals", ttl=2.0)
    runner = SubscriptionRunner(store, engine, toy(batched=batched), batch_size=50, lease=lease)
    while True:
        applied = runner.run_once()
        if once and applied == 0 and runner.wait_for(store.head() or "0", timeout=0):  # type: ignore[arg-type]
            return
        if applied == 0:
            time.sleep(0.02)  # idle: poll the log again shortly, as a timer would


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], "--once" in sys.argv, "--batched" in sys.argv)
