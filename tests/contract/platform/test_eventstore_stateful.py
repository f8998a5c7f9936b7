"""Property: any sequence of appends, right or wrong, leaves the store agreeing with a model."""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from services.eventstore import (
    ANY,
    NO_STREAM,
    AppendResult,
    EventStore,
    NewEvent,
    Position,
    RecordedEvent,
    WrongExpectedVersion,
    connect,
)
from tests.conftest import drop_schema, fresh_postgres_url
from tests.support import eventually

STREAMS = [f"tests.prop-{uuid.UUID(int=i)}" for i in range(3)]
expectations = st.sampled_from(["no_stream", "any", "current", "stale", "ahead"])


def machine_for(adapter: str) -> type[RuleBasedStateMachine]:
    class LogAgreesWithModel(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.cleanup = lambda: None
            if adapter == "memory":
                url = "memory://"
            elif adapter == "sqlite":
                folder = tempfile.TemporaryDirectory()
                url = f"sqlite:///{Path(folder.name) / 'events.db'}"
                self.cleanup = folder.cleanup
            else:
                url = fresh_postgres_url()
                self.cleanup = lambda: drop_schema(url)
            self.store = connect(url)
            self.streams: dict[str, list[uuid.UUID]] = {}
            self.log: list[uuid.UUID] = []
            self.last: tuple[str, list[NewEvent], object, AppendResult] | None = None

        def teardown(self) -> None:
            self.store.close()
            self.cleanup()

        @rule(stream=st.sampled_from(STREAMS), size=st.integers(1, 3), how=expectations)
        def append(self, stream: str, size: int, how: str) -> None:
            current = len(self.streams.get(stream, [])) - 1
            expected: object = {
                "no_stream": NO_STREAM,
                "any": ANY,
                "current": max(current, 0),
                "stale": max(current - 1, 0),
                "ahead": current + 2,
            }[how]
            allowed = (
                expected is ANY
                or (expected is NO_STREAM and current == -1)
                or (isinstance(expected, int) and current >= 0 and expected == current)
            )
            batch = [NewEvent("tests.PropertyHeld", {"i": i}) for i in range(size)]
            try:
                result = self.store.append(stream, batch, expected_version=expected)
            except WrongExpectedVersion as exc:
                assert not allowed
                assert exc.actual == (None if current == -1 else current)
                return
            assert allowed
            ids = [e.event_id for e in batch]
            self.streams.setdefault(stream, []).extend(ids)
            self.log.extend(ids)
            assert result.version == len(self.streams[stream]) - 1
            self.last = (stream, batch, expected, result)

        @precondition(lambda self: self.last is not None)
        @rule()
        def repeat_last_append(self) -> None:
            assert self.last is not None
            stream, batch, expected, result = self.last
            assert self.store.append(stream, batch, expected_version=expected) == result

        @invariant()
        def log_and_streams_agree(self) -> None:
            read = shown(self.store, None if self.last is None else self.last[3].position)
            assert [e.event_id for e in read] == self.log
            for stream, ids in self.streams.items():
                recorded = self.store.read_stream(stream)
                assert [e.event_id for e in recorded] == ids
                assert [e.version for e in recorded] == list(range(len(ids)))
            last = read[-1].position if read else None
            eventually(lambda: self.store.head() == last, timeout=10, what="the head to be shown")

    return LogAgreesWithModel


def shown(store: EventStore, position: Position | None) -> list[RecordedEvent]:
    """The whole log once it shows `position`. PostgreSQL shows an event to readers once every
    older transaction in the cluster has finished, and each read judges that again: when another
    client's transaction ends while a read looks, the read cannot tell whether it was an append
    and stops below it, so a read just after one that showed the event may show less (it is
    never skipped, only shown later)."""

    def whole() -> tuple[list[RecordedEvent]] | None:
        read = list(store.read_all(limit=None))
        if position is None or (read and read[-1].position >= position):
            return (read,)  # truthy, even for an empty log
        return None

    found = eventually(whole, timeout=10, interval=0.01, what="the last append to be visible")
    assert found is not None
    return found[0]


@pytest.mark.parametrize(
    ("adapter", "examples"), [("memory", 60), ("sqlite", 25), ("postgres", 12)]
)
def test_any_sequence_of_appends_agrees_with_a_model(adapter: str, examples: int) -> None:
    machine = machine_for(adapter)
    machine.TestCase.settings = settings(
        max_examples=examples, stateful_step_count=20, deadline=None
    )
    machine.TestCase().runTest()
