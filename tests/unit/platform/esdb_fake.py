"""A fake standing in for esdbclient's client, for the EventStoreDB adapter's tests.

The fake keeps EventStoreDB's observable rules: per-event commit positions with gaps, $all reads
that include the start position going forwards and exclude it going backwards, server-side regex
filters wrapped exactly as esdbclient wraps them, idempotent repeats at the expected place, and
an append response that points past the last event."""

from __future__ import annotations

import re
import sys
import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from esdbclient import NewEvent as ClientNewEvent
from esdbclient import RecordedEvent as ClientRecordedEvent
from esdbclient import StreamState
from esdbclient.common import construct_filter_include_regex
from esdbclient.exceptions import NotFound, WrongCurrentVersion

from services.eventstore.esdb import EventStoreDBEventStore
from services.eventstore.model import NewEvent

URL = "esdb://admin:s3cret@events.example:2113?Tls=false"
NOW = datetime(2030, 5, 1, 12, 0, tzinfo=UTC)


class FakeClient:
    """Just enough of EventStoreDBClient, with its rules, for the adapter's mapping."""

    def __init__(self) -> None:
        self.log: list[ClientRecordedEvent] = []
        self.next_position = 1000
        self.appended_with: list[Any] = []
        self.failure: BaseException | None = None
        self.closed = False

    def record(self, stream: str, type_: str, data: bytes = b"{}", metadata: bytes = b"") -> None:
        version = len(self._stream(stream))
        self.log.append(
            ClientRecordedEvent(
                type=type_,
                data=data,
                metadata=metadata,
                content_type="application/json",
                id=uuid.uuid4(),
                stream_name=stream,
                stream_position=version,
                commit_position=self.next_position,
                prepare_position=self.next_position,
                recorded_at=NOW,
            )
        )
        self.next_position += 137

    def _stream(self, stream: str) -> list[ClientRecordedEvent]:
        return [e for e in self.log if e.stream_name == stream]

    def _fail(self) -> None:
        if self.failure is not None:
            raise self.failure

    def append_to_stream(
        self, stream_name: str, *, current_version: Any, events: Iterable[ClientNewEvent]
    ) -> int:
        self._fail()
        events = list(events)
        self.appended_with.append(current_version)
        existing = self._stream(stream_name)
        ids = [e.id for e in events]
        actual = len(existing) - 1 if existing else None
        if current_version is StreamState.ANY:
            if [e.id for e in existing[-len(ids) :]] == ids:
                return self.next_position + 10**6
        else:
            start = 0 if current_version is StreamState.NO_STREAM else current_version + 1
            if [e.id for e in existing[start : start + len(ids)]] == ids:
                return self.next_position + 10**6
            if actual != (None if start == 0 else start - 1):
                if actual is None:
                    raise WrongCurrentVersion(f"Stream {stream_name!r} does not exist")
                raise WrongCurrentVersion(
                    f"Stream position of last event is {actual} not {current_version}"
                )
        for e in events:
            self.log.append(
                ClientRecordedEvent(
                    type=e.type,
                    data=e.data,
                    metadata=e.metadata,
                    content_type=e.content_type,
                    id=e.id,
                    stream_name=stream_name,
                    stream_position=len(self._stream(stream_name)),
                    commit_position=self.next_position,
                    prepare_position=self.next_position,
                    recorded_at=NOW,
                )
            )
            self.next_position += 100 + len(e.data)
        # Past the last event, as a checkpoint can be (KurrentDB #4970): never to be handed out.
        return self.next_position + 10**6

    def get_stream(
        self,
        stream_name: str,
        *,
        stream_position: int | None = None,
        backwards: bool = False,
        limit: int = sys.maxsize,
    ) -> Sequence[ClientRecordedEvent]:
        self._fail()
        events = self._stream(stream_name)
        if not events:
            raise NotFound(f"Stream {stream_name!r} not found")
        if backwards:
            top = len(events) - 1 if stream_position is None else stream_position
            return tuple(reversed(events[: top + 1]))[:limit]
        return tuple(events[stream_position or 0 :][:limit])

    def read_all(
        self,
        *,
        commit_position: int | None = None,
        backwards: bool = False,
        filter_exclude: Sequence[str] = (),
        filter_include: Sequence[str] = (),
        filter_by_stream_name: bool = False,
        limit: int = sys.maxsize,
    ) -> Iterable[ClientRecordedEvent]:
        self._fail()
        assert not filter_exclude
        regex = construct_filter_include_regex(filter_include) if filter_include else None
        events = list(reversed(self.log)) if backwards else self.log
        out = []
        for e in events:
            position = e.commit_position
            assert position is not None
            if commit_position is not None and (
                position >= commit_position if backwards else position < commit_position
            ):
                continue
            field = e.stream_name if filter_by_stream_name else e.type
            if regex is not None and not re.match(regex, field):
                continue
            out.append(e)
        return iter(out[:limit])

    def close(self) -> None:
        self.closed = True


def new_stream(category: str = "tests.thing") -> str:
    return f"{category}-{uuid.uuid4()}"


def event(n: int = 0, type: str = "tests.ThingHappened", **metadata: Any) -> NewEvent:
    return NewEvent(type=type, data={"n": n}, metadata=metadata or {"actor": "system"})


def store(client: FakeClient | None = None) -> EventStoreDBEventStore:
    return EventStoreDBEventStore(URL, client=client or FakeClient())
