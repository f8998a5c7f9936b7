"""Reading the log as operators do, for the command line (audit.py) and the ops service
(service/): a stream's history or its state as of a moment, everything by or about a resident,
everything one request caused. Nothing here prints, and nothing here records: recording a
reading of a resident's trail is the caller's first step (docs/decisions/0033).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, Protocol

from services.eventstore import (
    EventStore,
    InvalidPosition,
    InvalidStreamName,
    Position,
    RecordedEvent,
    category_of,
)
from services.eventstore.codec import Codec

from .audit_keys import correlation_of, is_related, residents_of
from .audit_view import entry, jsonable
from .opening import exported

# The whole log in order; its argument says what the reading is for (a progress bar shows it).
Scan = Callable[[str], Iterable[RecordedEvent]]


class UnknownStream(LookupError):
    pass


class NoFold(LookupError):
    """No context exports a fold for the stream's category: its state cannot be shown."""


def whole_log(store: EventStore) -> Scanned:
    return Scanned(lambda _what: store.read_all(limit=None))


def stream_events(store: EventStore, stream: str) -> list[RecordedEvent]:
    try:
        events = store.read_stream(stream)
    except InvalidStreamName as exc:
        # A name no stream can have is a stream the log does not hold; its message says why.
        raise UnknownStream(str(exc)) from None
    if not events:
        raise UnknownStream(f"no stream {stream} in the log")
    return events


def history(store: EventStore, codec: Codec, stream: str) -> list[dict[str, Any]]:
    """Every event of the stream, decoded."""
    return [entry(codec, e) for e in stream_events(store, stream)]


def as_of(
    store: EventStore, codec: Codec, stream: str, moment: str, what: str = "as_of"
) -> dict[str, Any]:
    """The stream folded with its context's own fold up to `moment` (a position, or an ISO 8601
    time), and what came after: {as_of, version, state, after}. `what` names the moment in an
    error (the command line's option, the request's parameter)."""
    events = stream_events(store, stream)
    cut = parse_moment(store, moment, what)
    before = [e for e in events if _until(e, cut)]
    return {
        "as_of": moment,
        "version": before[-1].version if before else None,
        "state": folded(codec, stream, before),
        "after": [entry(codec, e) for e in events[len(before) :]],
    }


def folded(codec: Codec, stream: str, events: list[RecordedEvent]) -> Any:
    category = category_of(stream)
    fold: Callable[[list[Any]], Any] | None = exported("domain", "FOLDS").get(category)
    if fold is None:
        raise NoFold(f"no context exports a fold for streams of {category}")
    return jsonable(fold([codec.decode(e).event for e in events]))


def parse_moment(store: EventStore, text: str, what: str) -> Position | datetime:
    """A position of the log, or an ISO 8601 time (UTC unless it names its zone)."""
    try:
        return store.position_from_string(text)
    except InvalidPosition:
        pass
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{what} {text!r} is neither a position nor an ISO 8601 time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _until(event: RecordedEvent, cut: Position | datetime) -> bool:
    if isinstance(cut, Position):
        return event.position <= cut
    return event.recorded_at <= cut


class Lookups(Protocol):
    """How the readings find events: by scanning the whole log (Scanned), or through the
    audit index (services/ops/audit_lookup.py). Both return events in log order."""

    def concerning(self, rid: str) -> list[RecordedEvent]:
        """The events by or about the resident (audit_keys.residents_of)."""
        ...

    def related(
        self, correlations: set[str], caused: set[str], known: list[RecordedEvent], what: str
    ) -> list[RecordedEvent]:
        """The events of the `correlations`, those `caused` names (`known`: already read) and
        those they caused (audit_keys.is_related); `what` names the reading."""
        ...


class Scanned:
    """The whole log read for each lookup."""

    def __init__(self, scan: Scan) -> None:
        self.scan = scan

    def concerning(self, rid: str) -> list[RecordedEvent]:
        return [e for e in self.scan("finding the resident's events") if rid in residents_of(e)]

    def related(
        self, correlations: set[str], caused: set[str], known: list[RecordedEvent], what: str
    ) -> list[RecordedEvent]:
        return [e for e in self.scan(what) if is_related(e, correlations, caused)]


def trail(log: Lookups, rid: str) -> list[RecordedEvent]:
    """Events by the resident (actor), about them (their id in the stream or the data), and
    every event of the same requests (correlation) or caused by one of those (causation)."""
    mine = log.concerning(rid)
    correlations = {c for c in map(correlation_of, mine) if c is not None}
    caused = {str(e.event_id) for e in mine}
    return log.related(correlations, caused, mine, "following their requests")


def correlation(log: Lookups, codec: Codec, correlation_id: str) -> list[dict[str, Any]]:
    """Every event one request caused, in log order."""
    found = [entry(codec, e) for e in log.related({correlation_id}, set(), [], "reading the log")]
    if not found:
        raise LookupError(f"no event of correlation {correlation_id} in the log")
    return found


def entries(codec: Codec, events: Iterable[RecordedEvent]) -> list[dict[str, Any]]:
    return [entry(codec, e) for e in events]
