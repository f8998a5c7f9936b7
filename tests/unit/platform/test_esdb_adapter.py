"""The EventStoreDB adapter's behaviour, against a fake standing in for esdbclient's client (see
esdb_fake): errors, read-back of appends, read_all and head."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest
from esdbclient.exceptions import DeadlineExceeded, ServiceUnavailable

from services.eventstore import esdb
from services.eventstore.esdb import EventStoreDBEventStore
from services.eventstore.model import (
    ANY,
    NO_STREAM,
    DuplicateEventId,
    EventStoreUnavailable,
    InvalidStreamName,
    Position,
    UnknownStoreURL,
    WrongExpectedVersion,
)
from tests.unit.platform.esdb_fake import FakeClient, event, new_stream, store

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


def test_events_are_read_back_at_their_commit_positions_in_log_order() -> None:
    es = store()
    s, t = new_stream(), new_stream()
    es.append(s, [event(0), event(1)], expected_version=NO_STREAM)
    es.append(t, [event(2)], expected_version=NO_STREAM)
    first, _second, third = es.read_all()
    missing = Position((third.position.parts[0] + 1,))
    assert es.read_at([third.position, missing, first.position]) == [first, third]
    assert es.read_at([]) == []
