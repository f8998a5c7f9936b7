"""Reading the whole log: order, resumption, limits, filters, head, positions."""

from __future__ import annotations

import uuid

import pytest

from services.eventstore import EventStore, InvalidPosition, NewEvent, Position
from tests.contract.conftest import event, stream


def test_an_empty_log_has_no_head_and_reads_nothing(store: EventStore) -> None:
    assert store.head() is None
    assert list(store.read_all()) == []


def test_read_all_gives_every_event_once_in_append_order(store: EventStore) -> None:
    appended = []
    for i in range(12):
        s = stream()
        store.append(s, [event(i)])
        appended.append(s)
    read = list(store.read_all())
    assert [e.stream for e in read] == appended
    positions = [e.position for e in read]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)
    assert store.head() == positions[-1]


def test_read_all_resumes_strictly_after_a_position(store: EventStore) -> None:
    s = stream()
    store.append(s, [event(i) for i in range(10)])
    read = list(store.read_all())
    resumed = list(store.read_all(after=read[3].position))
    assert [e.data["n"] for e in resumed] == list(range(4, 10))
    assert list(store.read_all(after=read[-1].position)) == []


def test_a_position_before_the_first_event_reads_every_event(store: EventStore) -> None:
    # A category of its own: on a shared server the log does not begin with this test.
    category = f"tests.before_{uuid.uuid4().hex[:12]}"
    s = stream(category)
    store.append(s, [event(i) for i in range(3)])
    head = store.head()
    assert head is not None
    for part in (0, -1):
        before = Position((part,) * len(head.parts))
        read = store.read_all(after=before, categories=[category])
        assert [e.data["n"] for e in read] == [0, 1, 2], f"after {before}"


def test_read_all_honours_the_limit_and_pages_through_long_logs(store: EventStore) -> None:
    s = stream()
    store.append(s, [event(i) for i in range(50)])
    store.append(s, [event(i) for i in range(50, 1100)])
    assert len(list(store.read_all(limit=7))) == 7
    everything = list(store.read_all(limit=None))
    assert [e.data["n"] for e in everything] == list(range(1100))
    assert len(list(store.read_all(limit=1050))) == 1050


def test_read_all_filters_by_category_and_type(store: EventStore) -> None:
    a, b, c = stream("tests.alpha"), stream("tests.beta"), stream("other.gamma")
    store.append(a, [event(0, type="tests.AlphaHappened")])
    store.append(b, [event(1, type="tests.BetaHappened")])
    store.append(c, [event(2, type="other.GammaHappened")])
    store.append(a, [event(3, type="tests.AlphaChanged")])
    by_category = list(store.read_all(categories=["tests.alpha", "other.gamma"]))
    assert [e.data["n"] for e in by_category] == [0, 2, 3]
    by_type = list(store.read_all(types=["tests.AlphaChanged", "tests.BetaHappened"]))
    assert [e.data["n"] for e in by_type] == [1, 3]
    both = list(store.read_all(categories=["tests.alpha"], types=["tests.AlphaChanged"]))
    assert [e.data["n"] for e in both] == [3]
    assert list(store.read_all(categories=[])) == []


def test_filtered_reads_resume_after_positions_of_skipped_events(store: EventStore) -> None:
    a, b = stream("tests.alpha"), stream("tests.beta")
    for i in range(6):
        store.append(a if i % 2 else b, [event(i)])
    everything = list(store.read_all())
    after_b = [
        e.data["n"]
        for e in store.read_all(after=everything[2].position, categories=["tests.alpha"])
    ]
    assert after_b == [3, 5]


def test_positions_round_trip_through_strings(store: EventStore) -> None:
    store.append(stream(), [event(0), event(1)])
    for recorded in store.read_all():
        text = str(recorded.position)
        assert store.position_from_string(text) == recorded.position
    with pytest.raises(InvalidPosition):
        store.position_from_string("not a position")


def test_data_and_metadata_come_back_as_written(store: EventStore) -> None:
    s = stream()
    data = {"text": "Ça va ? 你好", "nested": {"list": [1, 2.5, None, True]}, "empty": {}}
    metadata = {"correlation_id": "c-1", "causation_id": "c-0", "actor": "resident:x"}
    store.append(s, [NewEvent("tests.ThingHappened", data, metadata)])
    [read] = store.read_stream(s)
    assert read.data == data and read.metadata == metadata
    [from_log] = list(store.read_all())
    assert from_log == read


def test_events_read_back_at_their_positions_come_in_log_order(store: EventStore) -> None:
    a, b = stream(), stream()
    for i in range(8):
        store.append(a if i % 2 else b, [event(i)])
    everything = list(store.read_all())
    chosen = [everything[6].position, everything[1].position, everything[4].position]
    found = store.read_at([*chosen, everything[1].position])
    assert found == [everything[1], everything[4], everything[6]]
    assert store.read_at([]) == []


def test_positions_that_hold_no_event_are_passed_over(store: EventStore) -> None:
    store.append(stream(), [event(0), event(1)])
    _first, last = list(store.read_all())
    beyond = Position((*last.position.parts[:-1], last.position.parts[-1] + 10_000))
    before = Position((0,) * len(last.position.parts))
    assert store.read_at([beyond, before, last.position]) == [last]


def test_reading_more_positions_than_a_page_at_once(store: EventStore) -> None:
    s = stream()
    store.append(s, [event(i) for i in range(1200)])
    everything = list(store.read_all(limit=None))
    odd = everything[1::2]
    assert store.read_at([e.position for e in reversed(odd)]) == odd
