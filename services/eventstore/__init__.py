"""The event store: one totally ordered log of streams, behind one port with four adapters.

store = connect("sqlite:///var/events.db")
store.append(stream, [NewEvent(type=..., data={...})], expected_version=NO_STREAM)
"""

from __future__ import annotations

from .model import (
    ANY,
    MAX_EVENT_BYTES,
    NO_STREAM,
    AppendResult,
    DuplicateEventId,
    EventStore,
    EventStoreError,
    EventStoreUnavailable,
    EventTooLarge,
    InvalidAppend,
    InvalidEvent,
    InvalidExpectedVersion,
    InvalidPosition,
    InvalidStreamName,
    NewEvent,
    Position,
    RecordedEvent,
    UnknownStoreURL,
    WrongExpectedVersion,
    category_of,
)

__all__ = [
    "ANY",
    "MAX_EVENT_BYTES",
    "NO_STREAM",
    "AppendResult",
    "DuplicateEventId",
    "EventStore",
    "EventStoreError",
    "EventStoreUnavailable",
    "EventTooLarge",
    "InvalidAppend",
    "InvalidEvent",
    "InvalidExpectedVersion",
    "InvalidPosition",
    "InvalidStreamName",
    "NewEvent",
    "Position",
    "RecordedEvent",
    "UnknownStoreURL",
    "WrongExpectedVersion",
    "category_of",
    "connect",
    "connect_existing",
]


POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


def parts(url: str) -> tuple[str, str]:
    """The URL's scheme (lower-case) and what follows it; for sqlite://, the file's path."""
    scheme, _, rest = str(url).partition("://")
    scheme = scheme.lower()
    if scheme == "sqlite" and rest.startswith("/"):
        rest = rest[1:]
    return scheme, rest


def connect(url: str) -> EventStore:
    """Open the event store named by `url`: memory://, sqlite:///path, postgresql://..., esdb://..."""
    scheme, rest = parts(url)
    if scheme == "memory":
        from .memory import MemoryEventStore

        return MemoryEventStore()
    if scheme == "sqlite":
        from .sqlite import SQLiteEventStore

        if not rest:
            raise UnknownStoreURL("sqlite URL names no file: use sqlite:///path/to/events.db")
        return SQLiteEventStore(rest)
    if scheme in POSTGRES_SCHEMES:
        from .postgres import PostgresEventStore

        return PostgresEventStore("postgresql+psycopg://" + rest)
    if scheme in ("esdb", "esdb+discover", "kurrentdb", "kurrentdb+discover"):
        from .esdb import EventStoreDBEventStore

        return EventStoreDBEventStore(url)
    raise UnknownStoreURL(
        f"unknown event store URL scheme {scheme!r}: use memory://, sqlite:///path, "
        "postgresql://host/db or esdb://host:2113"
    )


def connect_existing(url: str) -> EventStore:
    """`connect`, for a tool that reads a platform's log: a log that is not there is refused
    (EventStoreUnavailable saying where it looked) instead of made anew (presence.py)."""
    from .presence import missing_log

    why = missing_log(url)
    if why is not None:
        raise EventStoreUnavailable(
            f"{why}: are QUARTIER_DATA_DIR and QUARTIER_EVENT_STORE those of the platform?"
        )
    return connect(url)
