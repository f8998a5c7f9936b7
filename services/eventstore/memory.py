"""In-memory adapter, for unit tests. Thread-safe; passes the same contract suite as the others,
tamper evidence included (ledger.py)."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime

from .appends import check_version, checked_append, repeated_append
from .ledger import ZERO, Checkpoint, StoredRecord, chain, digest
from .model import (
    ANY,
    AppendResult,
    EventStore,
    ExpectedVersion,
    Filters,
    NewEvent,
    Position,
    RecordedEvent,
    category_of,
    check_stream,
)
from .wakeups import Signal, SignalWakeups


class MemoryEventStore(EventStore):
    def __init__(self) -> None:
        self._log: list[RecordedEvent] = []
        self._streams: dict[str, list[RecordedEvent]] = {}
        self._by_id: dict[uuid.UUID, RecordedEvent] = {}
        self._stored: list[StoredRecord] = []
        self._checkpoints: list[Checkpoint] = []
        self._lock = threading.Lock()
        self._signal = Signal()

    def append(
        self, stream: str, events: Sequence[NewEvent], expected_version: ExpectedVersion = ANY
    ) -> AppendResult:
        expected, encoded = checked_append(stream, events, expected_version)
        with self._lock:
            repeat = repeated_append(
                stream, encoded, expected, [self._by_id.get(e.event_id) for e in encoded]
            )
            if repeat is not None:
                return repeat
            current = self._streams.get(stream)
            actual = None if current is None else len(current) - 1
            check_version(stream, expected, actual)
            now = datetime.now(UTC)
            recorded = self._streams.setdefault(stream, [])
            previous = self._stored[recorded[-1].position.parts[0] - 1].hash if recorded else ZERO
            hashes = chain(
                previous or ZERO,
                [
                    digest(e.event_id, stream, e.type, e.schema_version, e.data, e.metadata, now)
                    for e in encoded
                ],
            )
            for e, hashed in zip(encoded, hashes, strict=True):
                event = RecordedEvent(
                    event_id=e.event_id,
                    stream=stream,
                    version=len(recorded),
                    position=Position((len(self._log) + 1,)),
                    type=e.type,
                    schema_version=e.schema_version,
                    data=json.loads(e.data),
                    metadata=json.loads(e.metadata),
                    recorded_at=now,
                )
                recorded.append(event)
                self._stored.append(
                    StoredRecord(
                        event.position,
                        e.event_id,
                        stream,
                        event.version,
                        e.type,
                        e.schema_version,
                        e.data,
                        e.metadata,
                        now,
                        hashed,
                    )
                )
                self._log.append(event)
                self._by_id[e.event_id] = event
            last = recorded[-1]
        self._signal.appended()
        return AppendResult(last.version, last.position)

    def wakeups(self) -> SignalWakeups:
        return SignalWakeups(self._signal)

    def read_stream(self, stream: str, from_version: int = 0) -> list[RecordedEvent]:
        check_stream(stream)
        with self._lock:
            return list(self._streams.get(stream, [])[max(from_version, 0) :])

    def read_after(
        self, after: Position | None, limit: int | None, cats: Filters, kinds: Filters
    ) -> Iterator[RecordedEvent]:
        # Position n is the n-th event (from 1), so reading after it starts at index n; a
        # position before the first (0 or below) reads the whole log, as on the other adapters.
        start = 0 if after is None else max(after.parts[0], 0)
        with self._lock:
            snapshot = self._log[start:]
        count = 0
        for event in snapshot:
            if limit is not None and count >= limit:
                return
            if cats is not None and category_of(event.stream) not in cats:
                continue
            if kinds is not None and event.type not in kinds:
                continue
            count += 1
            yield event

    def read_at(self, positions: Iterable[Position]) -> list[RecordedEvent]:
        # Position n is the n-th event (from 1).
        wanted = sorted({p.parts[0] for p in positions if len(p.parts) == 1})
        with self._lock:
            return [self._log[n - 1] for n in wanted if 0 < n <= len(self._log)]

    def head(self) -> Position | None:
        with self._lock:
            return self._log[-1].position if self._log else None

    def position_from_string(self, text: str) -> Position:
        return Position.parse(text, 1)

    def stored(self, after: Position | None = None) -> Iterator[StoredRecord]:
        start = 0 if after is None else max(after.parts[0], 0)
        with self._lock:
            return iter(self._stored[start:])

    def stored_event(self, stream: str, version: int) -> StoredRecord | None:
        with self._lock:
            events = self._streams.get(stream, [])
            if not 0 <= version < len(events):
                return None
            return self._stored[events[version].position.parts[0] - 1]

    def stream_heads(self) -> dict[str, int] | None:
        with self._lock:
            return {name: len(events) - 1 for name, events in self._streams.items()}

    def checkpoints(self) -> list[Checkpoint]:
        with self._lock:
            return list(self._checkpoints)

    def add_checkpoint(self, checkpoint: Checkpoint) -> None:
        with self._lock:
            self._checkpoints.append(checkpoint)

    def close(self) -> None:
        pass
