"""The processes of the PostgreSQL fault test
(`python -m tests.integration.platform.pg_fault_procs`):

    write STORE_URL WRITER EVENTS STREAMS WORKDIR   append a planned set of events, retrying
    subscribe STORE_URL DB_URL WORKDIR             run the toy subscriber until SIGTERM

Both keep going through outages the way a service does (services/runtime/subscriptions.py logs
and retries later) and write a JSON report of every failure they rode out: its exception type
and the deepest project frame it came from, so that a leak of a raw driver error shows where.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
import traceback
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from services.eventstore import (
    NO_STREAM,
    DuplicateEventId,
    EventStore,
    EventStoreUnavailable,
    NewEvent,
    WrongExpectedVersion,
    connect,
)
from services.subscriptions import SubscriptionRunner, connect_database
from tests.contract.platform.subscriber_kit import toy
from tests.support.platform_procs import ROOT

PLAN = uuid.UUID("6f1d2c4e-8a57-4b0e-9a1f-3c2d7e5b9a10")
PAUSE = 0.02  # between appends: a steady trickle that several crashes can interrupt


@dataclass(frozen=True)
class Append:
    stream: str
    first_version: int
    event_ids: tuple[uuid.UUID, ...]


def plan(writer: str, events: int, streams: int) -> list[Append]:
    """The appends a writer makes, in order: 1 to 3 events each, round robin over its streams,
    with ids fixed in advance so that a retry repeats exactly the same append."""
    names = [f"tests.thing-{uuid.uuid5(PLAN, f'{writer}/{s}')}" for s in range(streams)]
    versions = [0] * streams
    appends, made, i = [], 0, 0
    while made < events:
        s = i % streams
        size = min(1 + i % 3, events - made)
        first = versions[s]
        ids = tuple(uuid.uuid5(PLAN, f"{names[s]}/{first + k}") for k in range(size))
        appends.append(Append(names[s], first, ids))
        versions[s] += size
        made += size
        i += 1
    return appends


def where(exc: BaseException) -> str:
    """`Type at path:line` for the deepest frame of this repository's own code."""
    frames = [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if f.filename.startswith(str(ROOT)) and "/.venv/" not in f.filename
    ]
    place = f"{Path(frames[-1].filename).relative_to(ROOT)}:{frames[-1].lineno}" if frames else "?"
    return f"{type(exc).__module__}.{type(exc).__qualname__} at {place}"


class Report:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.failures: Counter[str] = Counter()
        self.samples: dict[str, str] = {}
        self.fields: dict[str, Any] = {}

    def failed(self, exc: BaseException) -> None:
        kind = where(exc)
        self.failures[kind] += 1
        self.samples.setdefault(kind, str(exc).strip().splitlines()[0][:300] if str(exc) else "")

    def save(self, **fields: Any) -> None:
        self.fields.update(fields)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(
            json.dumps({**self.fields, "failures": dict(self.failures), "samples": self.samples})
        )
        os.replace(temporary, self.path)


def patiently(report: Report, make: Any) -> Any:
    """Build what needs the database at start, however long the database is away."""
    while True:
        try:
            return make()
        except Exception as exc:  # away at start: a service would wait for it too
            report.failed(exc)
            time.sleep(0.1)


def write(store_url: str, writer: str, events: int, streams: int, workdir: Path) -> int:
    report = Report(workdir / f"writer-{writer}.json")
    store: EventStore = patiently(report, lambda: connect(store_url))
    done = unseen = 0
    for append in plan(writer, events, streams):
        expected = NO_STREAM if append.first_version == 0 else append.first_version - 1
        batch = [
            NewEvent("tests.ThingHappened", {"n": (append.first_version + k) % 7}, event_id=i)
            for k, i in enumerate(append.event_ids)
        ]
        uncertain = committed = False
        while True:
            try:
                if uncertain and not committed and _recorded(store, append):
                    # A failed attempt committed; the retry below must be taken as a repeat.
                    committed = True
                    unseen += 1
                uncertain = False
                store.append(append.stream, batch, expected_version=expected)
                break
            except EventStoreUnavailable as exc:
                report.failed(exc)
                uncertain = True
                time.sleep(0.05)
            except (WrongExpectedVersion, DuplicateEventId) as exc:
                # A retry of a commit we never heard back from was not recognised as a repeat.
                report.failed(exc)
                report.save(done=done, refused=f"{append.stream}: {exc}")
                return 3
            except Exception as exc:  # not the port's error for an outage: reported, retried
                report.failed(exc)
                uncertain = True
                time.sleep(0.05)
        done += len(batch)
        if done % 20 < len(batch):
            report.save(done=done, unseen_commits=unseen)
        time.sleep(PAUSE)
    report.save(done=done, unseen_commits=unseen, finished=True)
    store.close()
    return 0


def _recorded(store: EventStore, append: Append) -> bool:
    found = store.read_stream(append.stream, from_version=append.first_version)
    return [e.event_id for e in found[: len(append.event_ids)]] == list(append.event_ids)


def subscribe(store_url: str, db_url: str, workdir: Path) -> int:
    report = Report(workdir / "subscriber.json")
    stopping = False

    def stop(*_: Any) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    store: EventStore = patiently(report, lambda: connect(store_url))
    engine = patiently(report, lambda: connect_database(db_url))
    runner = patiently(report, lambda: SubscriptionRunner(store, engine, toy(), batch_size=50))
    applied, last_save = 0, 0.0
    while not stopping:
        try:
            count = runner.run_once()
        except Exception as exc:  # store or database away: retry later, as the runtime does
            report.failed(exc)
            count = 0
            time.sleep(0.1)
        applied += count
        if time.monotonic() - last_save > 0.2:
            report.save(applied=applied)
            last_save = time.monotonic()
        if count == 0:
            time.sleep(0.02)
    try:
        runner.release()
    except Exception as exc:  # the lock went with its connection
        report.failed(exc)
    report.save(applied=applied, finished=True)
    return 0


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    if mode == "write":
        code = write(args[0], args[1], int(args[2]), int(args[3]), Path(args[4]))
    else:
        code = subscribe(args[0], args[1], Path(args[2]))
    sys.exit(code)
