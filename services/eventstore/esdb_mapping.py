"""How our events, expectations, filters and URLs map onto EventStoreDB's, with no I/O.

Metadata: EventStoreDB keeps an event's metadata as bytes; we store a JSON object holding our
metadata plus `$schemaVersion`, and our `correlation_id` / `causation_id` under the names
EventStoreDB's own projections read (`$correlationId`, `$causationId`). Our own keys that start
with `$` are stored with one more `$`, so no metadata a caller writes can collide with a reserved
key, and every other `$` key (written by EventStoreDB or its projections) is dropped on read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from .model import (
    ANY,
    NO_STREAM,
    STREAM_RE,
    EncodedEvent,
    EventStoreError,
    ExpectedVersion,
    Position,
    RecordedEvent,
)

SCHEMA_VERSION = "$schemaVersion"
RENAMED = {"correlation_id": "$correlationId", "causation_id": "$causationId"}
RESTORED = {stored: ours for ours, stored in RENAMED.items()}

# EventStoreDB evaluates these server-side with .NET regular expressions, so they avoid Python-only
# syntax such as (?P<name>...). They must accept exactly what model.STREAM_RE accepts.
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_CATEGORY = r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*"

# Reading the `created` stamp can fail only if a server leaves it out; a fixed, obviously
# unknown instant then keeps reads deterministic, where "now" would change on every read.
UNKNOWN_TIME = datetime(1970, 1, 1, tzinfo=UTC)

_SCHEMES = {"kurrentdb": "esdb", "kurrentdb+discover": "esdb+discover"}


def current_version(expected: ExpectedVersion, stream_state: Any) -> Any:
    """Our expectation as the client's `current_version` argument."""
    if expected is NO_STREAM:
        return stream_state.NO_STREAM
    if expected is ANY:
        return stream_state.ANY
    return expected


def first_version(expected: ExpectedVersion) -> int | None:
    """Where a successful append with this expectation starts, when that is known in advance."""
    if expected is NO_STREAM:
        return 0
    if expected is ANY:
        return None
    return int(expected) + 1


def encode_metadata(event: EncodedEvent) -> bytes:
    ours: dict[str, Any] = json.loads(event.metadata)
    stored: dict[str, Any] = {SCHEMA_VERSION: event.schema_version}
    for key, value in ours.items():
        if key in RENAMED:
            stored[RENAMED[key]] = value
        elif key.startswith("$"):
            stored["$" + key] = value
        else:
            stored[key] = value
    return json.dumps(stored, separators=(",", ":"), ensure_ascii=False).encode()


def decode_metadata(raw: bytes) -> tuple[int, dict[str, Any]]:
    """(schema_version, our metadata) from what `encode_metadata` stored."""
    stored = _json_object(raw, "metadata") if raw else {}
    schema_version = stored.get(SCHEMA_VERSION, 1)
    if isinstance(schema_version, bool) or not isinstance(schema_version, int):
        raise EventStoreError(f"metadata holds a malformed {SCHEMA_VERSION}: {schema_version!r}")
    ours: dict[str, Any] = {}
    for key, value in stored.items():
        if key in RESTORED:
            ours[RESTORED[key]] = value
        elif key.startswith("$$"):
            ours[key[1:]] = value
        elif not key.startswith("$"):
            ours[key] = value
    return schema_version, ours


def _json_object(raw: bytes, what: str) -> dict[str, Any]:
    try:
        value = json.loads(raw)
    except ValueError:
        raise EventStoreError(f"event {what} is not JSON") from None
    if not isinstance(value, dict):
        raise EventStoreError(f"event {what} is not a JSON object")
    return value


def stream_filter(categories: Sequence[str] | None) -> str:
    """A stream-name pattern for the server: our stream format, limited to some categories.

    The client wraps the pattern as ^...$, so alternatives are grouped here."""
    if categories is None:
        return f"{_CATEGORY}-{_UUID}"
    names = "|".join(re.escape(c) for c in sorted(set(categories)))
    return f"(?:{names})-{_UUID}"


def type_filter(types: Sequence[str]) -> str:
    """An event-type pattern for the server; the client wraps it as ^...$."""
    return "(?:" + "|".join(re.escape(t) for t in sorted(set(types))) + ")"


def is_ours(event: Any) -> bool:
    """Only events we could have written: not EventStoreDB's ($-typed) and in a stream of our
    format, whatever the server-side filter let through."""
    return not str(event.type).startswith("$") and STREAM_RE.match(event.stream_name) is not None


def position_of(event: Any, server: str) -> Position:
    commit = event.commit_position
    if commit is None:
        # Stream reads carry $all positions only from EventStoreDB 22.10 on.
        raise EventStoreError(
            f"EventStoreDB server at {server} gives no log position for events read from a "
            "stream; Quartier needs EventStoreDB 22.10 or later"
        )
    return Position((int(commit),))


def recorded(event: Any, server: str) -> RecordedEvent:
    """Our RecordedEvent from the client's."""
    try:
        schema_version, metadata = decode_metadata(event.metadata)
        data = _json_object(event.data, "data")
    except EventStoreError as exc:
        raise EventStoreError(f"{event.stream_name}@{event.stream_position}: {exc}") from None
    return RecordedEvent(
        event_id=event.id,
        stream=event.stream_name,
        version=int(event.stream_position),
        position=position_of(event, server),
        type=event.type,
        schema_version=schema_version,
        data=data,
        metadata=metadata,
        recorded_at=event.recorded_at or UNKNOWN_TIME,
    )


def server_name(url: str) -> str:
    """The host part of a store URL, for messages: never the user name or password."""
    netloc = urlsplit(str(url)).netloc
    return netloc.rpartition("@")[2] or "localhost:2113"


def client_url(url: str) -> str:
    """The URL for esdbclient, which knows only the esdb schemes KurrentDB's URLs rename."""
    scheme, sep, rest = str(url).partition("://")
    return _SCHEMES.get(scheme.lower(), scheme) + sep + rest
