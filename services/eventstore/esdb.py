"""EventStoreDB / KurrentDB adapter, over esdbclient's gRPC client.

Positions. A position is the event's $all commit position, one part. An append over gRPC writes
each event as its own committed record, and EventStoreDB reads such a record back with commit
position = prepare position = the record's own place in the log, so the events of one
multi-event append get distinct, rising commit positions. Only explicit transactions (the legacy
TCP API, which cannot write through this adapter) give several events one commit position; a
second (prepare) part would only matter for them. Reading $all from a commit position includes
the event at that position, so read_all asks from `after` and drops events at or before it.

We hand out only positions of events we have read: checkpoints and append responses can point
past the last event (KurrentDB issue #4970), so an append reads its own events back and returns
their version and position. A repeated append (same event ids, same expectation) is then answered
from what the first one recorded.

Event ids. EventStoreDB recognises a repeat only at the expected place in the stream, so
before an append with ANY or a version expectation the stream is read for the ids (one stream
read per such append); a NO_STREAM append needs no such read, as any recorded id means the
stream exists and the refusal is sorted out then. Ids recorded in another stream go undetected:
EventStoreDB has no index by event id. Events written while EventStoreDB was older than 22.10
cannot be read through here (stream reads carry no log position).

gRPC deadlocks under eventlet's monkey-patching: inside Nameko, call this adapter on OS threads.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any

from . import esdb_mapping as mapping
from .appends import checked_append, repeated_append
from .esdb_client import ClientLibrary, esdbclient_library, translated_errors
from .model import (
    ANY,
    NO_STREAM,
    AppendResult,
    EncodedEvent,
    EventStore,
    EventStoreError,
    ExpectedVersion,
    Filters,
    InvalidPosition,
    NewEvent,
    Position,
    RecordedEvent,
    UnknownStoreURL,
    WrongExpectedVersion,
    check_stream,
)

PAGE = 500


class EventStoreDBEventStore(EventStore):
    def __init__(self, url: str, client: Any = None, library: ClientLibrary | None = None) -> None:
        self._server = mapping.server_name(url)
        self._lib = library or esdbclient_library()
        if client is None:
            with self._edge():
                try:
                    client = self._lib.client_class(mapping.client_url(url))
                except ValueError:
                    # esdbclient's message repeats the whole URL, password included.
                    raise UnknownStoreURL(
                        f"malformed EventStoreDB URL for {self._server}: "
                        "use esdb://host:2113?Tls=false or esdb+discover://host:2113"
                    ) from None
        self._client = client
        try:
            # Fail at start with one clear line rather than at the first command.
            self._read_all_page(None, 1, backwards=True, pattern=None)
        except EventStoreError:
            client.close()
            raise

    def append(
        self, stream: str, events: Sequence[NewEvent], expected_version: ExpectedVersion = ANY
    ) -> AppendResult:
        expected, encoded = checked_append(stream, events, expected_version)
        if expected is not NO_STREAM:
            repeat = self._repeat(stream, encoded, expected)
            if repeat is not None:
                return repeat
        new_events = [
            self._lib.new_event(
                type=e.type,
                data=e.data.encode(),
                metadata=mapping.encode_metadata(e),
                content_type="application/json",
                id=e.event_id,
            )
            for e in encoded
        ]
        conflict = False
        with self._edge(stream):
            try:
                self._client.append_to_stream(
                    stream,
                    current_version=mapping.current_version(expected, self._lib.stream_state),
                    events=new_events,
                )
            except self._lib.errors.WrongCurrentVersion:
                conflict = True
        if conflict:
            recorded = self.read_stream(stream)
            repeat = repeated_append(stream, encoded, expected, _found(recorded, encoded))
            if repeat is not None:
                return repeat
            raise WrongExpectedVersion(stream, expected, recorded[-1].version if recorded else None)
        return self._read_back(stream, encoded, expected)

    def _repeat(
        self, stream: str, encoded: Sequence[EncodedEvent], expected: ExpectedVersion
    ) -> AppendResult | None:
        return repeated_append(stream, encoded, expected, _found(self.read_stream(stream), encoded))

    def _read_back(
        self, stream: str, encoded: Sequence[EncodedEvent], expected: ExpectedVersion
    ) -> AppendResult:
        start = mapping.first_version(expected)
        if start is not None:
            window = self._stream_page(stream, start, len(encoded), backwards=False)
            if [e.id for e in window] == [e.event_id for e in encoded]:
                return self._result(window[-1])
        last_id = encoded[-1].event_id
        cursor: int | None = None
        while True:
            page = self._stream_page(stream, cursor, PAGE, backwards=True)
            for event in page:
                if event.id == last_id:
                    return self._result(event)
            if len(page) < PAGE or page[-1].stream_position == 0:
                raise EventStoreError(
                    f"appended to {stream} on EventStoreDB server at {self._server}, "
                    "but cannot read the events back"
                )
            cursor = page[-1].stream_position - 1

    def _result(self, event: Any) -> AppendResult:
        return AppendResult(int(event.stream_position), mapping.position_of(event, self._server))

    def read_stream(self, stream: str, from_version: int = 0) -> list[RecordedEvent]:
        check_stream(stream)
        events = self._stream_page(stream, max(from_version, 0), None, backwards=False)
        return [mapping.recorded(e, self._server) for e in events if mapping.is_ours(e)]

    def _stream_page(
        self, stream: str, start: int | None, limit: int | None, backwards: bool
    ) -> list[Any]:
        options: dict[str, Any] = {"stream_position": start, "backwards": backwards}
        if limit is not None:
            options["limit"] = limit
        with self._edge(stream):
            try:
                return list(self._client.get_stream(stream, **options))
            except self._lib.errors.NotFound:
                return []

    def read_after(
        self, after: Position | None, limit: int | None, cats: Filters, kinds: Filters
    ) -> Iterator[RecordedEvent]:
        if after is not None and len(after.parts) != 1:
            raise InvalidPosition(f"not a position of this store: {after}")
        # Commit positions are unsigned: one below zero is before the first event, as elsewhere.
        start = None if after is None or after.parts[0] < 0 else after.parts[0]
        return self._read_all(start, limit, cats, kinds)

    def _read_all(
        self,
        cursor: int | None,
        limit: int | None,
        cats: Filters,
        kinds: Filters,
    ) -> Iterator[RecordedEvent]:
        if kinds is not None and cats is None:
            pattern, by_stream = mapping.type_filter(kinds), False
        else:
            pattern, by_stream = mapping.stream_filter(cats), True
        remaining = limit
        while remaining is None or remaining > 0:
            wanted = PAGE if remaining is None else min(PAGE, remaining)
            # One more: the read includes the event at the cursor, which is dropped below.
            asked = wanted if cursor is None else wanted + 1
            page = self._read_all_page(cursor, asked, False, pattern, by_stream)
            for event in page:
                position = mapping.position_of(event, self._server).parts[0]
                if cursor is not None and position <= cursor:
                    continue
                cursor = position
                if not mapping.is_ours(event) or (kinds is not None and event.type not in kinds):
                    continue
                yield mapping.recorded(event, self._server)
                if remaining is not None:
                    remaining -= 1
                    if remaining == 0:
                        return
            if len(page) < asked:
                return

    def read_at(self, positions: Iterable[Position]) -> list[RecordedEvent]:
        # $all read from a commit position starts with the event there: one read each.
        found = []
        for commit in sorted({p.parts[0] for p in positions if len(p.parts) == 1}):
            page = self._read_all_page(commit, 1, False, mapping.stream_filter(None))
            if page and mapping.is_ours(page[0]):
                event = mapping.recorded(page[0], self._server)
                if event.position.parts[0] == commit:
                    found.append(event)
        return found

    def head(self) -> Position | None:
        cursor: int | None = None
        while True:
            page = self._read_all_page(cursor, PAGE, True, mapping.stream_filter(None))
            for event in page:
                if mapping.is_ours(event):
                    return mapping.position_of(event, self._server)
            if len(page) < PAGE:
                return None
            cursor = mapping.position_of(page[-1], self._server).parts[0]

    def _read_all_page(
        self,
        cursor: int | None,
        limit: int,
        backwards: bool,
        pattern: str | None,
        by_stream: bool = True,
    ) -> list[Any]:
        with self._edge():
            return list(
                self._client.read_all(
                    commit_position=cursor,
                    backwards=backwards,
                    filter_exclude=(),
                    filter_include=() if pattern is None else (pattern,),
                    filter_by_stream_name=by_stream,
                    limit=limit,
                )
            )

    def position_from_string(self, text: str) -> Position:
        return Position.parse(text, 1)

    def close(self) -> None:
        self._client.close()

    def _edge(self, stream: str | None = None) -> AbstractContextManager[None]:
        return translated_errors(self._lib, self._server, stream)


def _found(
    recorded: Sequence[RecordedEvent], encoded: Sequence[EncodedEvent]
) -> list[RecordedEvent | None]:
    by_id = {e.event_id: e for e in recorded}
    return [by_id.get(e.event_id) for e in encoded]
