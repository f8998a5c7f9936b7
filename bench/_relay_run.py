"""One relay figure for bench/relay.py, measured in a process of its own:

    python bench/_relay_run.py TREE EVENTS_DB URI ANALYTICS(0|1|only) BATCH GREEN(0|1) [READY]

prints events/s and the process's CPU milliseconds per 1,000 events. TREE is the source tree whose
relay is measured, so that one run can compare another checkout (the code before a change) with
this one on the same log and broker. ANALYTICS=only: the analytics stream's relay alone (0064).
GREEN=1 monkey-patches with eventlet first, as `nameko run`. READY: a folder where two relays
measured at once each leave a file once connected, and wait for the other's before starting.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path


def main(argv: list[str]) -> None:
    tree, events_db, uri, analytics, batch, green, *ready = argv
    if green == "1":
        import eventlet

        eventlet.monkey_patch()
    sys.path.insert(0, tree)
    from contracts import default_registry
    from services.eventstore import connect
    from services.eventstore.codec import Codec
    from services.eventstore.keyring import connect_keyring
    from services.relay import AnalyticsStream, Relay
    from services.subscriptions.database import connect_database

    store = connect(f"sqlite:///{events_db}")
    # The keys fill sealed the events' personal fields with (relay.keyring_url).
    keyring = connect_keyring(f"sqlite:///{Path(events_db).with_name('keyring.db')}")
    with tempfile.TemporaryDirectory() as tmp:
        stream = AnalyticsStream(Codec(default_registry(), keyring, b"b" * 32))
        apart = {"events": False} if analytics == "only" else {}
        relay = Relay(
            store,
            connect_database(f"sqlite:///{tmp}/relay.db"),
            uri,
            analytics=stream if analytics in ("1", "only") else None,
            batch_size=int(batch),
            **apart,
        )
        relay.connect()
        if ready:
            _together(Path(ready[0]), analytics)
        cpu, wall = time.process_time(), time.perf_counter()
        catch_up = getattr(relay, "catch_up", None)  # a tree from before 0047 has run_once only
        if catch_up is not None:
            total = catch_up()
        else:
            total = 0
            while published := relay.run_once():
                total += published
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        relay.close()
    store.close()
    keyring.close()
    print(total / wall, cpu * 1e6 / total)


def _together(folder: Path, me: str) -> None:
    """Wait for the other relay measured at once (a benchmark's start line, not a test's wait)."""
    (folder / me).touch()
    while len(list(folder.iterdir())) < 2:
        time.sleep(0.001)


if __name__ == "__main__":
    main(sys.argv[1:])
