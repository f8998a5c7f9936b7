"""One store listener per process wakes every subscriber that joined it (services.runtime.
store_wakeups); the real listeners are proven against each adapter in
tests/contract/platform/test_eventstore_wakeups.py, and a service woken by them with no relay in
tests/integration/platform/test_runtime_subscriptions.py."""

from __future__ import annotations

import logging
import uuid
from typing import Any

import eventlet
import pytest
from eventlet.event import Event
from eventlet.queue import Queue

from services.runtime import store_wakeups


class Scripted:
    """A listener whose wake-ups the test sends; `fail` makes its next wait raise."""

    def __init__(self, opened: list[Scripted]) -> None:
        self.pending = Event()
        self.closed = Event()
        self.fail = False
        self.contexts: frozenset[str] | None = None  # what the next wake-up names
        opened.append(self)

    def wait(self, timeout: float) -> bool:
        if self.fail:
            raise OSError("listener broken")
        with eventlet.Timeout(timeout, False):
            self.pending.wait()
            self.pending = Event()
            return True
        return False

    def close(self) -> None:
        self.closed.send(True)


class Store:
    def __init__(self) -> None:
        self.opened: list[Scripted] = []
        self.opening: Queue = Queue()  # type: ignore[type-arg]

    def wakeups(self) -> Scripted:
        listener = Scripted(self.opened)
        self.opening.put(listener)
        return listener

    def next_listener(self) -> Scripted:
        """The next listener the hub opens, once it has."""
        listener: Scripted = self.opening.get(timeout=5)
        return listener


def counter() -> tuple[Queue, Any]:  # type: ignore[type-arg]
    calls: Queue = Queue()  # type: ignore[type-arg]
    return calls, lambda: calls.put(True)


def next_call(calls: Queue) -> None:  # type: ignore[type-arg]
    calls.get(timeout=5)


@pytest.fixture
def url() -> str:
    return f"memory://{uuid.uuid4()}"


def test_every_joined_subscriber_is_woken_by_one_listener(url: str) -> None:
    store = Store()
    (a_calls, a), (b_calls, b) = counter(), counter()
    leave_a = store_wakeups.join(url, store, a)
    other = Store()
    leave_b = store_wakeups.join(url, other, b)  # a second service's own client: not opened
    listener = store.next_listener()
    listener.pending.send(True)
    next_call(a_calls), next_call(b_calls)
    assert store.opened == [listener] and other.opened == []

    leave_a()
    listener.pending.send(True)
    next_call(b_calls)
    assert a_calls.empty()

    leave_b()
    with eventlet.Timeout(5):
        listener.closed.wait()  # nobody left: the listener is closed


def test_a_wake_up_that_names_its_contexts_wakes_only_their_readers(url: str) -> None:
    store = Store()
    (id_calls, identity), (all_calls, everything) = counter(), counter()
    (lst_calls, listings) = counter()
    leaves = [
        store_wakeups.join(url, store, identity, frozenset({"identity"})),
        store_wakeups.join(url, store, listings, frozenset({"listings", "matching"})),
        store_wakeups.join(url, store, everything),
    ]
    listener = store.next_listener()
    listener.contexts = frozenset({"identity"})
    listener.pending.send(True)
    next_call(id_calls), next_call(all_calls)
    # The next wake-up is heard after that one has been handed out: by the time it reaches the
    # listings reader, the identity wake-up has passed it by or reached it.
    listener.contexts = frozenset({"matching", "notifications"})
    listener.pending.send(True)
    next_call(lst_calls), next_call(all_calls)
    assert lst_calls.empty() and id_calls.empty()

    listener.contexts = None  # a store that cannot tell: everyone reads
    listener.pending.send(True)
    next_call(id_calls), next_call(lst_calls), next_call(all_calls)
    for leave in leaves:
        leave()


def test_a_broken_listener_is_opened_again_and_said_once(
    url: str, caplog: pytest.LogCaptureFixture
) -> None:
    store = Store()
    calls, wake = counter()
    leave = store_wakeups.join(url, store, wake)
    first = store.next_listener()
    with caplog.at_level(logging.WARNING, logger="quartier.runtime"):
        first.fail = True
        first.pending.send(True)
        with eventlet.Timeout(10):
            first.closed.wait()
        store.next_listener().pending.send(True)  # opened again after RETRY_SECONDS
        next_call(calls)
    leave()
    assert [r.getMessage() for r in caplog.records] == ["store wake-ups interrupted (OSError)"]


def test_a_store_without_wake_ups_leaves_the_relay_to_wake(url: str) -> None:
    class Polled:  # EventStoreDB's adapter offers none
        pass

    calls, wake = counter()
    leave = store_wakeups.join(url, Polled(), wake)
    with eventlet.Timeout(5):
        store_wakeups._hubs[url].thread.wait()  # it found no listener to open, and ended
    leave()
    assert calls.empty()
