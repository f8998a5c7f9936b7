"""`python -m tests.integration.platform.toy_writer STORE STREAMS EVENTS [RATE]`: append EVENTS
events spread over STREAMS new toy streams, one append each, at RATE per second (0: flat out). Each
event carries its send time, for latency measurements."""

from __future__ import annotations

import sys
import time
import uuid

from services.eventstore import NewEvent, connect


def main(url: str, streams: int, events: int, rate: float = 0.0) -> None:
    store = connect(url)
    names = [f"toy.counter-{uuid.uuid4()}" for _ in range(streams)]
    started = time.monotonic()
    for i in range(events):
        if rate:
            delay = started + i / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        stream = names[i % streams]
        store.append(stream, [NewEvent("toy.Counted", {"n": i, "sent": time.time()})])
    store.close()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4] if sys.argv[4:] else 0))
