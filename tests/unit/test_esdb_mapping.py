"""The EventStoreDB adapter's mapping, against a fake standing in for esdbclient's client.

The fake keeps EventStoreDB's observable rules: per-event commit positions with gaps, $all reads
that include the start position going forwards and exclude it going backwards, server-side regex
filters wrapped exactly as esdbclient wraps them, idempotent repeats at the expected place, and
an append response that points past the last event."""

from __future__ import annotations

import json
import re
import sys
import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import pytest
from esdbclient import NewEvent as ClientNewEvent
from esdbclient import RecordedEvent as ClientRecordedEvent
from esdbclient import StreamState
from esdbclient.common import construct_filter_include_regex
from esdbclient.exceptions import (
    DeadlineExceeded,
    NotFound,
    ServiceUnavailable,
    WrongCurrentVersion,
)

from services.eventstore import esdb
from services.eventstore.esdb import EventStoreDBEventStore
from services.eventstore.esdb_mapping import (
    UNKNOWN_TIME,
    client_url,
    current_version,
    decode_metadata,
    encode_metadata,
    server_name,
    stream_filter,
    type_filter,
)
from services.eventstore.model import (
    ANY,
    NO_STREAM,
    STREAM_RE,
    DuplicateEventId,
    EncodedEvent,
    EventStoreUnavailable,
    InvalidPosition,
    InvalidStreamName,
    NewEvent,
    Position,
    UnknownStoreURL,
    WrongExpectedVersion,
)

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


def encoded(metadata: dict[str, Any], schema_version: int = 1) -> EncodedEvent:
    return EncodedEvent(
        uuid.uuid4(), "tests.ThingHappened", schema_version, "{}", json.dumps(metadata)
    )


# Expected versions


def test_expectations_map_onto_the_clients_stream_states() -> None:
    assert current_version(NO_STREAM, StreamState) is StreamState.NO_STREAM
    assert current_version(ANY, StreamState) is StreamState.ANY
    assert current_version(4, StreamState) == 4


def test_append_hands_the_mapped_expectation_to_the_client() -> None:
    client = FakeClient()
    s = new_stream()
    es = store(client)
    es.append(s, [event(0)], expected_version=NO_STREAM)
    es.append(s, [event(1)], expected_version=0)
    es.append(s, [event(2)])
    assert client.appended_with == [StreamState.NO_STREAM, 0, StreamState.ANY]


# Metadata


def test_schema_version_and_metadata_survive_the_round_trip() -> None:
    s = new_stream()
    es = store()
    metadata = {"correlation_id": "c-1", "causation_id": "c-0", "actor": "resident:7"}
    es.append(s, [NewEvent("tests.ThingHappened", {"x": "café"}, metadata, schema_version=4)])
    [recorded] = es.read_stream(s)
    assert (recorded.schema_version, recorded.data, recorded.metadata) == (
        4,
        {"x": "café"},
        metadata,
    )


def test_correlation_and_causation_are_stored_under_the_names_eventstoredb_reads() -> None:
    stored = json.loads(encode_metadata(encoded({"correlation_id": "c", "causation_id": "k"}, 2)))
    assert stored == {"$schemaVersion": 2, "$correlationId": "c", "$causationId": "k"}


def test_our_own_dollar_keys_cannot_collide_with_reserved_ones() -> None:
    ours = {"$schemaVersion": "mine", "$correlationId": 1, "$$x": True, "plain": None}
    raw = encode_metadata(encoded(ours, 3))
    assert decode_metadata(raw) == (3, ours)


def test_metadata_written_by_others_reads_as_version_one_without_system_keys() -> None:
    assert decode_metadata(b"") == (1, {})
    assert decode_metadata(b'{"$o":"x","$correlationId":"c","a":1}') == (
        1,
        {"correlation_id": "c", "a": 1},
    )


def test_a_missing_created_stamp_reads_as_the_unknown_time() -> None:
    client = FakeClient()
    s = new_stream()
    client.record(s, "tests.ThingHappened")
    client.log[-1] = ClientRecordedEvent(**{**client.log[-1].__dict__, "recorded_at": None})
    [recorded] = store(client).read_stream(s)
    assert recorded.recorded_at == UNKNOWN_TIME


# Filters


def server_match(pattern: str, value: str) -> bool:
    return re.match(construct_filter_include_regex((pattern,)), value) is not None


def test_category_filter_matches_only_our_streams_of_those_categories() -> None:
    pattern = stream_filter(["identity.resident", "listings.listing"])
    uid = str(uuid.uuid4())
    assert server_match(pattern, f"identity.resident-{uid}")
    assert server_match(pattern, f"listings.listing-{uid}")
    for other in [
        f"identity.residents-{uid}",
        f"xidentity.resident-{uid}",
        f"identityxresident-{uid}",
        f"$ce-identity.resident-{uid}",
        "identity.resident-not-a-uuid",
        f"listings.listing-{uid}-extra",
    ]:
        assert not server_match(pattern, other), other


def test_the_default_filter_accepts_exactly_our_stream_format() -> None:
    pattern = stream_filter(None)
    uid = str(uuid.uuid4())
    for name in [f"a.b-{uid}", f"$$a.b-{uid}", f"A.b-{uid}", "a.b-1", f"ab-{uid}", "$stats-1"]:
        assert server_match(pattern, name) == bool(STREAM_RE.match(name)), name


def test_type_filter_matches_whole_type_names_only() -> None:
    pattern = type_filter(["tests.ThingHappened", "tests.Other"])
    assert server_match(pattern, "tests.ThingHappened") and server_match(pattern, "tests.Other")
    assert not server_match(pattern, "tests.ThingHappenedTwice")
    assert not server_match(pattern, "testsxThingHappened")


# Errors


def test_a_conflict_names_stream_expectation_and_actual_version() -> None:
    s = new_stream()
    es = store()
    es.append(s, [event(0), event(1)], expected_version=NO_STREAM)
    with pytest.raises(WrongExpectedVersion) as refused:
        es.append(s, [event(2)], expected_version=0)
    assert (refused.value.stream, refused.value.expected, refused.value.actual) == (s, 0, 1)
    with pytest.raises(WrongExpectedVersion) as refused:
        es.append(new_stream(), [event(0)], expected_version=3)
    assert refused.value.actual is None


def test_an_unreachable_server_is_named_without_credentials_with_how_to_start_it() -> None:
    client = FakeClient()
    es = store(client)
    client.failure = ServiceUnavailable("failed to connect to all addresses\nmore debug text")
    with pytest.raises(EventStoreUnavailable) as refused:
        es.append(new_stream(), [event(0)])
    message = str(refused.value)
    assert "events.example:2113" in message and "s3cret" not in message and "admin" not in message
    assert "docker run" in message and "\n" not in message


@pytest.mark.parametrize("failure", [ServiceUnavailable("down"), DeadlineExceeded()])
def test_an_unreachable_server_fails_at_start_and_the_client_is_closed(
    failure: BaseException,
) -> None:
    client = FakeClient()
    client.failure = failure
    with pytest.raises(EventStoreUnavailable, match=r"events\.example:2113"):
        store(client)
    assert client.closed


def test_a_malformed_url_is_refused_without_repeating_the_password() -> None:
    with pytest.raises(UnknownStoreURL) as refused:
        EventStoreDBEventStore("esdb://admin:s3cret@a:2113,b:2113?Tls=maybe")
    assert "s3cret" not in str(refused.value)


def test_reads_are_translated_too_and_a_missing_stream_reads_empty() -> None:
    client = FakeClient()
    es = store(client)
    assert es.read_stream(new_stream()) == []
    client.failure = ServiceUnavailable("down")
    with pytest.raises(EventStoreUnavailable):
        es.read_stream(new_stream())
    with pytest.raises(EventStoreUnavailable):
        list(es.read_all())
    with pytest.raises(EventStoreUnavailable):
        es.head()


def test_bad_input_reaches_no_client_call() -> None:
    client = FakeClient()
    es = store(client)
    with pytest.raises(InvalidStreamName):
        es.append("$ce-tests.thing", [event(0)])
    assert client.appended_with == [] and client.log == []


def test_ids_recorded_elsewhere_in_the_stream_are_refused() -> None:
    s = new_stream()
    es = store()
    first = event(0)
    es.append(s, [first], expected_version=NO_STREAM)
    es.append(s, [event(1)], expected_version=0)
    with pytest.raises(DuplicateEventId):
        es.append(s, [first], expected_version=1)
    with pytest.raises(DuplicateEventId):
        es.append(s, [first, event(2)], expected_version=NO_STREAM)
    assert len(es.read_stream(s)) == 2


# Positions


def test_positions_have_one_part() -> None:
    es = store()
    assert es.position_from_string("4711") == Position((4711,))
    for text in ["", "1.2", "-3", "x"]:
        with pytest.raises(InvalidPosition):
            es.position_from_string(text)
    with pytest.raises(InvalidPosition):
        es.read_all(after=Position((1, 2)))


def test_url_helpers_hide_credentials_and_rename_kurrentdb_schemes() -> None:
    assert server_name(URL) == "events.example:2113"
    assert server_name("esdb+discover://u:p@a:2113,b:2113") == "a:2113,b:2113"
    assert client_url("kurrentdb://h:2113?Tls=false") == "esdb://h:2113?Tls=false"
    assert client_url("kurrentdb+discover://h:2113") == "esdb+discover://h:2113"
    assert client_url(URL) == URL


# Read-back of appends


def test_an_append_returns_what_it_reads_back_not_the_servers_commit_position() -> None:
    client = FakeClient()
    s = new_stream()
    es = store(client)
    result = es.append(s, [event(0), event(1), event(2)], expected_version=NO_STREAM)
    recorded = es.read_stream(s)
    assert result.version == 2 and result.position == recorded[-1].position
    assert recorded[0].position < recorded[1].position < recorded[2].position
    assert result.position.parts[0] < client.next_position


@pytest.mark.parametrize("expectation", ["no_stream", "version", "any"])
def test_a_repeated_append_returns_the_first_result_and_writes_nothing(expectation: str) -> None:
    client = FakeClient()
    s = new_stream()
    es = store(client)
    expected: Any = {"no_stream": NO_STREAM, "version": 0, "any": ANY}[expectation]
    if expectation == "version":
        es.append(s, [event(0)], expected_version=NO_STREAM)
    batch = [event(1), event(2)]
    first = es.append(s, batch, expected_version=expected)
    others = es.append(new_stream(), [event(9)])
    written = len(client.log)
    assert es.append(s, batch, expected_version=expected) == first
    assert len(client.log) == written and first.position < others.position


def test_an_any_append_finds_its_events_behind_later_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(esdb, "PAGE", 2)
    client = FakeClient()
    s = new_stream()
    es = store(client)
    real_append = client.append_to_stream

    def append_then_others_write(stream_name: str, **kwargs: Any) -> int:
        position = real_append(stream_name, **kwargs)
        for _ in range(5):
            client.record(s, "tests.ThingHappened", metadata=b'{"$schemaVersion":1}')
        return position

    client.append_to_stream = append_then_others_write  # type: ignore[method-assign]
    mine = event(0)
    result = es.append(s, [mine])
    assert result.version == 0
    assert es.read_stream(s)[0].event_id == mine.event_id
    assert result.position == es.read_stream(s)[0].position


# read_all and head


def mixed_log(client: FakeClient) -> tuple[str, str, str]:
    resident, listing, other = (
        new_stream("identity.resident"),
        new_stream("listings.listing"),
        "orders-1",
    )
    client.record("$$" + resident, "$metadata")
    client.record(resident, "identity.ResidentRegistered")
    client.record(other, "identity.ResidentRegistered")
    client.record(listing, "listings.ListingPublished")
    client.record("$ce-identity.resident", "$>")
    client.record(resident, "identity.AddressDeclared")
    client.record(resident, "$streamDeleted")
    client.record(listing, "listings.ListingWithdrawn")
    return resident, listing, other


def types_of(events: Iterable[Any]) -> list[str]:
    return [e.type for e in events]


def test_read_all_yields_only_our_events_in_log_order() -> None:
    client = FakeClient()
    mixed_log(client)
    assert types_of(store(client).read_all()) == [
        "identity.ResidentRegistered",
        "listings.ListingPublished",
        "identity.AddressDeclared",
        "listings.ListingWithdrawn",
    ]


def test_read_all_resumes_after_a_position_without_repeating_it() -> None:
    client = FakeClient()
    mixed_log(client)
    es = store(client)
    everything = list(es.read_all())
    rest = list(es.read_all(after=everything[1].position))
    assert rest == everything[2:]
    assert list(es.read_all(after=everything[-1].position)) == []


def test_read_all_pages_through_and_stops_at_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(esdb, "PAGE", 2)
    client = FakeClient()
    s = new_stream()
    es = store(client)
    es.append(s, [event(i) for i in range(7)], expected_version=NO_STREAM)
    assert [e.data["n"] for e in es.read_all(limit=None)] == list(range(7))
    assert [e.data["n"] for e in es.read_all(limit=3)] == [0, 1, 2]
    first = next(iter(es.read_all(limit=1))).position
    assert [e.data["n"] for e in es.read_all(after=first, limit=1)] == [1]
    assert list(es.read_all(limit=0)) == []


def test_category_and_type_filters_combine() -> None:
    client = FakeClient()
    resident, listing, _ = mixed_log(client)
    es = store(client)
    assert {e.stream for e in es.read_all(categories=["identity.resident"])} == {resident}
    assert types_of(es.read_all(types=["identity.ResidentRegistered"])) == [
        "identity.ResidentRegistered"
    ]
    both = es.read_all(categories=["listings.listing"], types=["listings.ListingWithdrawn"])
    assert [(e.stream, e.type) for e in both] == [(listing, "listings.ListingWithdrawn")]


def test_head_is_our_last_event_skipping_system_events(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(esdb, "PAGE", 1)
    client = FakeClient()
    es = store(client)
    assert es.head() is None
    client.record("$stats-1", "$statsCollected")
    assert es.head() is None
    resident, _, _ = mixed_log(client)
    client.record(resident, "$streamDeleted")
    client.record("$$" + new_stream(), "$metadata")
    assert es.head() == list(es.read_all())[-1].position
