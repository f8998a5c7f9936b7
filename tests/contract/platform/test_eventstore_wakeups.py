"""Wake-ups on every adapter that offers them (docs/decisions/0043): an append, alone or in a
group, wakes a listener once it has committed, and what woke it is there to read. On PostgreSQL
the notification is sent by a statement of its own after the commit (postgres_batch.py), on each
path an append can take: alone, a group of new streams, a group of existing ones, and a group
written again one append at a time after one of its event ids was found recorded."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from services.eventstore import ANY, NO_STREAM, EventStore
from services.eventstore.grouping import append_group
from services.eventstore.wakeups import wakeups_of, woken_for
from tests.contract.conftest import event, stream
from tests.support import eventually

Write = Callable[[], None]


def _alone(store: EventStore, target: str) -> Write:
    def write() -> None:
        store.append(target, [event(0)], expected_version=NO_STREAM)

    return write


def _grouped_new_streams(store: EventStore, target: str) -> Write:
    def write() -> None:
        append_group(store, [(target, [event(0)], NO_STREAM), (stream(), [event(1)], NO_STREAM)])

    return write


def _grouped_existing_streams(store: EventStore, target: str) -> Write:
    other = stream()
    store.append(other, [event(1)], expected_version=NO_STREAM)

    def write() -> None:
        append_group(store, [(other, [event(2)], 0), (target, [event(0)], ANY)])

    return write


def _written_again_one_by_one(store: EventStore, target: str) -> Write:
    recorded = event(1)
    store.append(stream(), [recorded], expected_version=NO_STREAM)

    def write() -> None:
        outcomes = append_group(store, [(stream(), [recorded], ANY), (target, [event(0)], ANY)])
        assert isinstance(outcomes[0], Exception)

    return write


GIVEN: dict[str, Callable[[EventStore, str], Write]] = {
    "alone": _alone,
    "grouped": _grouped_new_streams,
    "grouped-existing": _grouped_existing_streams,
    "written-again": _written_again_one_by_one,
}


@pytest.mark.parametrize("how", list(GIVEN))
def test_a_committed_append_wakes_a_listener_and_is_there_to_read(
    store: EventStore, how: str
) -> None:
    wakeups = wakeups_of(store)
    if wakeups is None:
        pytest.skip("this adapter offers no wake-ups: its readers poll")
    try:
        target = stream()
        write = GIVEN[how](store, target)
        # Listening starts with a wake-up (what came before is unknown), and the appends that
        # set the scene wake it too: let them pass.
        eventually(lambda: not wakeups.wait(0.01), what="a listener with nothing to hear")
        write()
        assert wakeups.wait(20.0)
        assert [e.version for e in store.read_stream(target)] == [0]
    finally:
        wakeups.close()


def test_a_wake_up_names_the_contexts_appended_to_where_the_store_can_tell(
    store: EventStore,
) -> None:
    """PostgreSQL's notification names the contexts of the appended events' types, so a
    process's listener wakes only their readers (docs/decisions/0060); SQLite's data_version and
    the memory adapter's signal cannot tell, and say None (any)."""
    wakeups = wakeups_of(store)
    if wakeups is None:
        pytest.skip("this adapter offers no wake-ups: its readers poll")
    tells = store.__class__.__name__.startswith("Postgres")
    try:
        eventually(lambda: not wakeups.wait(0.01), what="a listener with nothing to hear")
        store.append(stream(), [event(0, type="alpha.ThingHappened")], expected_version=NO_STREAM)
        assert wakeups.wait(20.0)
        assert woken_for(wakeups) == (frozenset({"alpha"}) if tells else None)
        append_group(
            store,
            [
                (stream(), [event(1, type="beta.ThingHappened")], NO_STREAM),
                (stream(), [event(2, type="gamma.ThingHappened")], NO_STREAM),
            ],
        )
        heard: set[str] = set()
        while tells and heard != {"beta", "gamma"}:  # one group, or two if they did not queue
            assert wakeups.wait(20.0)
            heard |= woken_for(wakeups) or {"unknown"}
    finally:
        wakeups.close()
