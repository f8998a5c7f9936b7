"""The EventStore port: the types every adapter speaks, its errors and its input rules."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import total_ordering
from typing import Any, Protocol

MAX_EVENT_BYTES = 1024 * 1024


class _StreamState:
    """A symbolic expected version: NO_STREAM (the stream must not exist) or ANY."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __repr__(self) -> str:
        return self._name


NO_STREAM: Any = _StreamState("NO_STREAM")
ANY: Any = _StreamState("ANY")

ExpectedVersion = Any  # NO_STREAM | ANY | int >= 0


class EventStoreError(Exception):
    """Base of every error the event store raises."""


class InvalidAppend(EventStoreError, ValueError):
    """The append was refused before anything was written."""


class InvalidStreamName(InvalidAppend): ...


class InvalidExpectedVersion(InvalidAppend): ...


class InvalidEvent(InvalidAppend): ...


class EventTooLarge(InvalidEvent): ...


class InvalidPosition(EventStoreError, ValueError): ...


class UnknownStoreURL(EventStoreError, ValueError): ...


class EventStoreUnavailable(EventStoreError):
    """The backend could not be reached or failed; the message names it."""


class DuplicateEventId(EventStoreError):
    """An event id is already recorded, but not as a repeat of this very append."""

    def __init__(self, stream: str, event_id: uuid.UUID) -> None:
        super().__init__(f"event {event_id} is already recorded; refusing to append it to {stream}")
        self.stream = stream
        self.event_id = event_id


class WrongExpectedVersion(EventStoreError):
    """Optimistic concurrency failed: the stream is not at the version the writer expected."""

    def __init__(self, stream: str, expected: ExpectedVersion, actual: int | None) -> None:
        shown = "no stream" if actual is None else f"version {actual}"
        super().__init__(
            f"stream {stream}: expected {_show_expected(expected)}, but it is at {shown}"
        )
        self.stream = stream
        self.expected = expected
        self.actual = actual


def _show_expected(expected: ExpectedVersion) -> str:
    return repr(expected) if isinstance(expected, _StreamState) else f"version {expected}"


@total_ordering
@dataclass(frozen=True)
class Position:
    """A place in the whole log. Adapters give it one or more integer parts, compared in order."""

    parts: tuple[int, ...]

    def __str__(self) -> str:
        return ".".join(str(p) for p in self.parts)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Position):
            return NotImplemented
        return self.parts < other.parts

    @classmethod
    def parse(cls, text: str, arity: int) -> Position:
        pieces = str(text).split(".")
        if len(pieces) != arity or not all(p.isdigit() for p in pieces):
            raise InvalidPosition(f"not a position of this store: {text!r}")
        return cls(tuple(int(p) for p in pieces))


@dataclass(frozen=True)
class NewEvent:
    type: str
    data: dict[str, Any]
    metadata: dict[str, Any] = field(default_factory=dict)
    event_id: uuid.UUID = field(default_factory=uuid.uuid4)
    schema_version: int = 1


@dataclass(frozen=True)
class RecordedEvent:
    event_id: uuid.UUID
    stream: str
    version: int
    position: Position
    type: str
    schema_version: int
    data: dict[str, Any]
    metadata: dict[str, Any]
    recorded_at: datetime

    @property
    def category(self) -> str:
        return category_of(self.stream)

    def envelope(self) -> dict[str, Any]:
        """The JSON form messages and exports carry."""
        return {
            "event_id": str(self.event_id),
            "stream": self.stream,
            "version": self.version,
            "position": str(self.position),
            "type": self.type,
            "schema_version": self.schema_version,
            "data": self.data,
            "metadata": self.metadata,
            "recorded_at": self.recorded_at.isoformat(),
        }


@dataclass(frozen=True)
class AppendResult:
    version: int
    position: Position


Filters = tuple[str, ...] | None  # categories or event types, checked; None: any


class EventStore(Protocol):
    """The port. An adapter subclasses it for read_all: the filters are checked when it is
    called, before anything is read, and the adapter's read_after reads."""

    log_id: str | None = None  # names this log among all others, opaque (0067); None: nothing

    def append(
        self, stream: str, events: Sequence[NewEvent], expected_version: ExpectedVersion = ANY
    ) -> AppendResult: ...

    def read_stream(self, stream: str, from_version: int = 0) -> list[RecordedEvent]: ...

    def read_all(
        self,
        after: Position | None = None,
        limit: int | None = 1000,
        categories: Iterable[str] | None = None,
        types: Iterable[str] | None = None,
    ) -> Iterator[RecordedEvent]:
        cats, kinds = check_filters(categories, types)
        return self.read_after(after, limit, cats, kinds)

    def read_after(
        self, after: Position | None, limit: int | None, cats: Filters, kinds: Filters
    ) -> Iterator[RecordedEvent]:
        """At most `limit` events (None: all) after `after` (None: the start), in log order."""

    def read_at(self, positions: Iterable[Position]) -> list[RecordedEvent]:
        """The events at these positions (ones read before), in log order; a position that
        holds no event is passed over."""

    def head(self) -> Position | None: ...

    def position_from_string(self, text: str) -> Position: ...

    def close(self) -> None: ...


_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_CATEGORY = r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*"
STREAM_RE = re.compile(rf"^(?P<category>{_CATEGORY})-{_UUID}$")
CATEGORY_RE = re.compile(rf"^{_CATEGORY}$")
TYPE_RE = re.compile(r"^[a-z][a-z0-9_]*\.[A-Z][A-Za-z0-9]*$")


def category_of(stream: str) -> str:
    match = STREAM_RE.match(stream)
    if match is None:
        raise InvalidStreamName(
            f"malformed stream name {stream!r}: expected <context>.<aggregate>-<uuid>"
        )
    return match.group("category")


def check_stream(stream: object) -> str:
    if not isinstance(stream, str) or not stream:
        raise InvalidStreamName("stream name is empty")
    category_of(stream)
    return stream


def check_expected(expected: object) -> ExpectedVersion:
    if expected is NO_STREAM or expected is ANY:
        return expected
    if isinstance(expected, bool) or not isinstance(expected, int):
        raise InvalidExpectedVersion(
            f"expected version must be NO_STREAM, ANY or an int, not {expected!r}"
        )
    if expected < 0:
        raise InvalidExpectedVersion(f"expected version must not be negative, got {expected}")
    return expected


def check_filters(
    categories: Iterable[str] | None, types: Iterable[str] | None
) -> tuple[tuple[str, ...] | None, tuple[str, ...] | None]:
    cats = None if categories is None else tuple(categories)
    kinds = None if types is None else tuple(types)
    for c in cats or ():
        if not CATEGORY_RE.match(c):
            raise InvalidAppend(f"malformed category {c!r}: expected <context>.<aggregate>")
    for t in kinds or ():
        if not TYPE_RE.match(t):
            raise InvalidEvent(f"malformed event type {t!r}: expected <context>.<PastTenseName>")
    return cats, kinds


@dataclass(frozen=True)
class EncodedEvent:
    """A NewEvent checked and serialised, ready for an adapter to write."""

    event_id: uuid.UUID
    type: str
    schema_version: int
    data: str
    metadata: str


def encode_events(stream: str, events: Sequence[NewEvent]) -> list[EncodedEvent]:
    """Check every event of an append; raise before anything is written."""
    if isinstance(events, NewEvent) or not isinstance(events, Sequence):
        raise InvalidEvent("events must be a sequence of NewEvent")
    if not events:
        raise InvalidEvent(f"nothing to append to {stream}")
    encoded: list[EncodedEvent] = []
    seen: set[uuid.UUID] = set()
    for event in events:
        if not isinstance(event, NewEvent):
            raise InvalidEvent(f"not a NewEvent: {type(event).__name__}")
        if not isinstance(event.type, str) or not TYPE_RE.match(event.type):
            raise InvalidEvent(
                f"malformed event type {event.type!r}: expected <context>.<PastTenseName>"
            )
        if not isinstance(event.event_id, uuid.UUID):
            raise InvalidEvent(f"event_id of {event.type} must be a UUID")
        if event.event_id in seen:
            raise InvalidEvent(f"event id {event.event_id} appears twice in one append")
        seen.add(event.event_id)
        version = event.schema_version
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise InvalidEvent(f"schema_version of {event.type} must be an int >= 1")
        data = _to_json(event.type, "data", event.data)
        metadata = _to_json(event.type, "metadata", event.metadata)
        size = len(data.encode()) + len(metadata.encode())
        if size > MAX_EVENT_BYTES:
            raise EventTooLarge(
                f"{event.type} is {size} bytes serialised; the limit is {MAX_EVENT_BYTES}"
            )
        encoded.append(EncodedEvent(event.event_id, event.type, version, data, metadata))
    return encoded


def _to_json(event_type: str, what: str, value: object) -> str:
    if not isinstance(value, dict):
        raise InvalidEvent(f"{what} of {event_type} must be a JSON object")
    try:
        return json.dumps(value, allow_nan=False, separators=(",", ":"), ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise InvalidEvent(f"{what} of {event_type} is not JSON-serialisable: {exc}") from None
