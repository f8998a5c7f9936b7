"""Appending: versions, optimistic concurrency, idempotency, refusals."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from services.eventstore import (
    ANY,
    NO_STREAM,
    DuplicateEventId,
    EventStore,
    EventTooLarge,
    InvalidEvent,
    InvalidExpectedVersion,
    InvalidStreamName,
    NewEvent,
    UnknownStoreURL,
    WrongExpectedVersion,
    connect,
)
from tests.contract.conftest import Backend, event, stream


def count(store: EventStore) -> int:
    return sum(1 for _ in store.read_all(limit=None))


def test_first_append_creates_the_stream_at_version_zero(store: EventStore) -> None:
    s = stream()
    new = event(1, note="café ☕")
    result = store.append(s, [new], expected_version=NO_STREAM)
    assert result.version == 0
    [recorded] = store.read_stream(s)
    assert recorded.event_id == new.event_id
    assert (recorded.stream, recorded.version, recorded.position) == (s, 0, result.position)
    assert (recorded.type, recorded.schema_version) == ("tests.ThingHappened", 1)
    assert recorded.data == {"n": 1, "note": "café ☕"}
    assert recorded.metadata == new.metadata
    assert recorded.category == "tests.thing"
    assert recorded.recorded_at.tzinfo is not None
    assert abs(recorded.recorded_at - datetime.now(UTC)) < timedelta(minutes=1)


def test_several_events_get_consecutive_versions_and_rising_positions(store: EventStore) -> None:
    s = stream()
    result = store.append(s, [event(i) for i in range(3)], expected_version=NO_STREAM)
    recorded = store.read_stream(s)
    assert [e.version for e in recorded] == [0, 1, 2]
    assert [e.data["n"] for e in recorded] == [0, 1, 2]
    assert recorded[0].position < recorded[1].position < recorded[2].position
    assert result.version == 2 and result.position == recorded[2].position


def test_schema_version_is_kept(store: EventStore) -> None:
    s = stream()
    store.append(s, [NewEvent(type="tests.ThingHappened", data={}, schema_version=3)])
    assert store.read_stream(s)[0].schema_version == 3


def test_read_stream_from_a_version_and_of_a_missing_stream(store: EventStore) -> None:
    s = stream()
    store.append(s, [event(i) for i in range(5)])
    assert [e.version for e in store.read_stream(s, from_version=3)] == [3, 4]
    assert store.read_stream(stream()) == []


def test_expected_version_must_match_the_stream(store: EventStore) -> None:
    s = stream()
    store.append(s, [event(0)], expected_version=NO_STREAM)
    assert store.append(s, [event(1)], expected_version=0).version == 1
    with pytest.raises(WrongExpectedVersion) as refused:
        store.append(s, [event(2)], expected_version=0)
    assert (refused.value.stream, refused.value.expected, refused.value.actual) == (s, 0, 1)
    assert s in str(refused.value) and "version 1" in str(refused.value)
    assert len(store.read_stream(s)) == 2


def test_no_stream_is_refused_for_an_existing_stream(store: EventStore) -> None:
    s = stream()
    store.append(s, [event(0)], expected_version=NO_STREAM)
    with pytest.raises(WrongExpectedVersion) as refused:
        store.append(s, [event(1)], expected_version=NO_STREAM)
    assert refused.value.expected is NO_STREAM and refused.value.actual == 0


def test_a_version_is_refused_for_a_missing_stream(store: EventStore) -> None:
    s = stream()
    with pytest.raises(WrongExpectedVersion) as refused:
        store.append(s, [event(0)], expected_version=0)
    assert refused.value.actual is None
    assert store.read_stream(s) == []


def test_any_appends_whatever_the_version(store: EventStore) -> None:
    s = stream()
    assert store.append(s, [event(0)], expected_version=ANY).version == 0
    assert store.append(s, [event(1), event(2)], expected_version=ANY).version == 2


def test_two_writers_with_the_same_expectation_exactly_one_wins(backend: Backend) -> None:
    s = stream()
    backend.open().append(s, [event(0)], expected_version=NO_STREAM)
    stores = [backend.open(), backend.open()]
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def write(store: EventStore) -> None:
        barrier.wait()
        try:
            outcomes.append(store.append(s, [event(1)], expected_version=0))
        except WrongExpectedVersion as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=write, args=(st,)) for st in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    refused = [o for o in outcomes if isinstance(o, WrongExpectedVersion)]
    assert len(outcomes) == 2 and len(refused) == 1
    assert (refused[0].stream, refused[0].expected, refused[0].actual) == (s, 0, 1)
    assert [e.version for e in backend.open().read_stream(s)] == [0, 1]


@pytest.mark.parametrize("expectation", ["no_stream", "version", "any"])
def test_appending_the_same_event_ids_again_returns_the_first_result(
    store: EventStore, expectation: str
) -> None:
    s = stream()
    expected: object = {"no_stream": NO_STREAM, "version": 0, "any": ANY}[expectation]
    if expectation == "version":
        store.append(s, [event(0)], expected_version=NO_STREAM)
    batch = [event(1), event(2)]
    first = store.append(s, batch, expected_version=expected)
    before = count(store)
    again = store.append(s, batch, expected_version=expected)
    assert again == first
    assert count(store) == before


def test_an_event_id_recorded_in_another_stream_is_refused(backend: Backend) -> None:
    if backend.name == "esdb":
        pytest.skip("EventStoreDB keeps no index by event id across streams")
    store = backend.open()
    reused = event(0)
    store.append(stream(), [reused])
    before = count(store)
    other = stream()
    with pytest.raises(DuplicateEventId):
        store.append(other, [reused])
    with pytest.raises(DuplicateEventId):
        store.append(other, [event(1), reused])
    assert count(store) == before and store.read_stream(other) == []


def test_a_partial_repeat_is_refused(store: EventStore) -> None:
    s = stream()
    known = event(0)
    store.append(s, [known], expected_version=NO_STREAM)
    with pytest.raises((DuplicateEventId, WrongExpectedVersion)):
        store.append(s, [known, event(1)], expected_version=NO_STREAM)
    assert len(store.read_stream(s)) == 1


class Unserialisable:
    pass


@pytest.mark.parametrize(
    ("stream_name", "events", "expected", "error"),
    [
        ("", [NewEvent("tests.ThingHappened", {})], ANY, InvalidStreamName),
        ("tests.thing", [NewEvent("tests.ThingHappened", {})], ANY, InvalidStreamName),
        (
            "thing-" + str(uuid.uuid4()),
            [NewEvent("tests.ThingHappened", {})],
            ANY,
            InvalidStreamName,
        ),
        (
            "Tests.Thing-" + str(uuid.uuid4()),
            [NewEvent("tests.ThingHappened", {})],
            ANY,
            InvalidStreamName,
        ),
        ("tests.thing-not-a-uuid", [NewEvent("tests.ThingHappened", {})], ANY, InvalidStreamName),
        (None, [NewEvent("tests.ThingHappened", {})], ANY, InvalidStreamName),
        ("ok", [NewEvent("tests.ThingHappened", {})], -1, InvalidExpectedVersion),
        ("ok", [NewEvent("tests.ThingHappened", {})], "0", InvalidExpectedVersion),
        ("ok", [NewEvent("tests.ThingHappened", {})], True, InvalidExpectedVersion),
        ("ok", [NewEvent("tests.ThingHappened", {"x": Unserialisable()})], ANY, InvalidEvent),
        ("ok", [NewEvent("tests.ThingHappened", {"x": float("nan")})], ANY, InvalidEvent),
        ("ok", [NewEvent("tests.ThingHappened", {}, {"at": datetime.now(UTC)})], ANY, InvalidEvent),
        ("ok", [NewEvent("tests.ThingHappened", ["not", "an", "object"])], ANY, InvalidEvent),  # type: ignore[arg-type]
        (
            "ok",
            [NewEvent("tests.ThingHappened", {"blob": "x" * (1024 * 1024)})],
            ANY,
            EventTooLarge,
        ),
        ("ok", [NewEvent("ThingHappened", {})], ANY, InvalidEvent),
        ("ok", [NewEvent("tests.thing_happened", {})], ANY, InvalidEvent),
        ("ok", [NewEvent("tests.ThingHappened", {}, schema_version=0)], ANY, InvalidEvent),
        ("ok", [], ANY, InvalidEvent),
        ("ok", NewEvent("tests.ThingHappened", {}), ANY, InvalidEvent),
    ],
)
def test_bad_input_gets_a_clear_error_and_writes_nothing(
    store: EventStore, stream_name: object, events: object, expected: object, error: type
) -> None:
    store.append(stream(), [event(0)])
    head = store.head()
    name = stream() if stream_name == "ok" else stream_name
    with pytest.raises(error) as refused:
        store.append(name, events, expected_version=expected)  # type: ignore[arg-type]
    assert str(refused.value)
    assert store.head() == head


def test_one_bad_event_in_a_batch_writes_none_of_it(store: EventStore) -> None:
    s = stream()
    with pytest.raises(InvalidEvent):
        store.append(s, [event(0), NewEvent("tests.ThingHappened", {"x": Unserialisable()})])
    assert store.read_stream(s) == []
    assert store.head() is None


def test_the_same_event_id_twice_in_one_append_is_refused(store: EventStore) -> None:
    e = event(0)
    with pytest.raises(InvalidEvent):
        store.append(stream(), [e, e])
    assert store.head() is None


def test_an_unknown_url_scheme_is_refused() -> None:
    with pytest.raises(UnknownStoreURL) as refused:
        connect("mysql://localhost/events")
    assert "mysql" in str(refused.value)
