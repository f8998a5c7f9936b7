"""Wake-ups on every adapter that offers them (docs/decisions/0043): an append, alone or in a
group, wakes a listener once it has committed, and what woke it is there to read. On PostgreSQL
the notification is sent by a statement of its own after the commit (postgres_append_sql.py)."""

from __future__ import annotations

import pytest

from services.eventstore import NO_STREAM, EventStore
from services.eventstore.grouping import append_group
from services.eventstore.wakeups import wakeups_of
from tests.contract.conftest import event, stream
from tests.support import eventually


@pytest.mark.parametrize("grouped", [False, True], ids=["alone", "grouped"])
def test_a_committed_append_wakes_a_listener_and_is_there_to_read(
    store: EventStore, grouped: bool
) -> None:
    wakeups = wakeups_of(store)
    if wakeups is None:
        pytest.skip("this adapter offers no wake-ups: its readers poll")
    try:
        # Listening starts with a wake-up (what came before is unknown): let it pass.
        eventually(lambda: not wakeups.wait(0.01), what="a listener with nothing to hear")
        first, second = stream(), stream()
        if grouped:
            append_group(store, [(first, [event(0)], NO_STREAM), (second, [event(1)], NO_STREAM)])
        else:
            store.append(first, [event(0)], expected_version=NO_STREAM)
        assert wakeups.wait(20.0)
        assert [e.version for e in store.read_stream(first)] == [0]
    finally:
        wakeups.close()
