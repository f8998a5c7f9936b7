"""The port's own rules: names, positions, sizes, URLs, and errors that name what failed."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.eventstore import (
    ANY,
    MAX_EVENT_BYTES,
    NO_STREAM,
    EventStoreUnavailable,
    EventTooLarge,
    InvalidPosition,
    InvalidStreamName,
    NewEvent,
    Position,
    UnknownStoreURL,
    WrongExpectedVersion,
    category_of,
    connect,
)
from services.eventstore.memory import MemoryEventStore
from services.eventstore.model import encode_events
from services.eventstore.sqlite import SQLiteEventStore


def test_the_category_is_what_comes_before_the_uuid() -> None:
    uid = uuid.uuid4()
    assert category_of(f"identity.email-{uid}") == "identity.email"
    assert category_of(f"neighbourhoods.membership-{uid}") == "neighbourhoods.membership"
    with pytest.raises(InvalidStreamName):
        category_of(f"identity-{uid}")
    with pytest.raises(InvalidStreamName):
        category_of(f"identity.email-{str(uid).upper()}")


@given(st.lists(st.integers(0, 2**62), min_size=1, max_size=3))
def test_positions_round_trip_through_text(parts: list[int]) -> None:
    position = Position(tuple(parts))
    assert Position.parse(str(position), len(parts)) == position


@given(
    st.tuples(st.integers(0, 2**40), st.integers(0, 2**40)),
    st.tuples(st.integers(0, 2**40), st.integers(0, 2**40)),
)
def test_positions_order_like_their_parts(a: tuple[int, int], b: tuple[int, int]) -> None:
    assert (Position(a) < Position(b)) == (a < b)
    assert (Position(a) == Position(b)) == (a == b)


@pytest.mark.parametrize("text", ["", "1.2.3", "-1", "1.x", "1..2", " 1"])
def test_malformed_positions_are_refused(text: str) -> None:
    with pytest.raises(InvalidPosition):
        Position.parse(text, 2 if "." in text else 1)


def test_an_event_of_exactly_the_limit_is_accepted_and_one_byte_more_is_not() -> None:
    stream = f"tests.thing-{uuid.uuid4()}"
    overhead = len('{"b":""}') + len("{}")
    fits = NewEvent("tests.ThingHappened", {"b": "x" * (MAX_EVENT_BYTES - overhead)})
    assert encode_events(stream, [fits])
    too_big = NewEvent("tests.ThingHappened", {"b": "x" * (MAX_EVENT_BYTES - overhead + 1)})
    with pytest.raises(EventTooLarge):
        encode_events(stream, [too_big])


def test_the_size_limit_counts_bytes_not_characters() -> None:
    stream = f"tests.thing-{uuid.uuid4()}"
    with pytest.raises(EventTooLarge):
        encode_events(
            stream, [NewEvent("tests.ThingHappened", {"b": "é" * (MAX_EVENT_BYTES // 2)})]
        )


def test_wrong_expected_version_says_stream_expected_and_actual() -> None:
    error = WrongExpectedVersion("tests.thing-x", NO_STREAM, 4)
    assert str(error) == "stream tests.thing-x: expected NO_STREAM, but it is at version 4"
    assert "no stream" in str(WrongExpectedVersion("s", 2, None))
    assert "ANY" in repr(ANY)


def test_urls_pick_their_adapter(tmp_path: object) -> None:
    assert isinstance(connect("memory://"), MemoryEventStore)
    store = connect(f"sqlite:///{tmp_path}/events.db")
    assert isinstance(store, SQLiteEventStore)
    store.close()
    for url in ("mysql://x/y", "events.db", "", "sqlite://"):
        with pytest.raises(UnknownStoreURL):
            connect(url)


def test_an_unreachable_postgresql_names_itself_and_how_to_start_it() -> None:
    with pytest.raises(EventStoreUnavailable) as failed:
        connect("postgresql://quartier:secret@127.0.0.1:1/events")
    message = str(failed.value)
    assert "PostgreSQL event store at 127.0.0.1:1" in message
    assert "pg_ctlcluster" in message
    assert "secret" not in message


def test_an_sqlite_file_that_cannot_be_created_names_itself() -> None:
    with pytest.raises(EventStoreUnavailable) as failed:
        connect("sqlite:////proc/no-such-folder/events.db")
    assert "/proc/no-such-folder/events.db" in str(failed.value)
