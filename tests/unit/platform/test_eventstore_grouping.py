"""Group commit's queue (services/eventstore/grouping.py): appends that arrive while every lane
is busy are written together by the next leader, each with its own outcome; and the in-process
wake-up signal."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

import pytest

from services.eventstore import grouping
from services.eventstore.grouping import GroupCommit
from services.eventstore.wakeups import Signal, SignalWakeups
from tests.support.waiting import eventually


class Refused(Exception):
    pass


class Writes:
    """A fake store write: the first group waits for `release`; "bad" items are refused."""

    def __init__(self) -> None:
        self.groups: list[list[str]] = []
        self.release = threading.Event()
        self.started = threading.Event()

    def __call__(self, items: Sequence[str]) -> list[str | BaseException]:
        self.groups.append(list(items))
        self.started.set()
        self.release.wait(10)
        return [Refused(i) if i.startswith("bad") else i.upper() for i in items]


def recording(
    group: GroupCommit[str, str], outcomes: dict[str, object], caught: type[BaseException]
) -> Callable[[str], None]:
    """A thread's target: submit an item, and record its outcome or the `caught` it raised."""

    def submit(item: str) -> None:
        try:
            outcomes[item] = group.submit(item)
        except caught as refused:
            outcomes[item] = refused

    return submit


def test_appends_queued_behind_a_busy_lane_are_written_together_each_with_its_outcome() -> None:
    writes = Writes()
    group: GroupCommit[str, str] = GroupCommit(writes, lanes=1)
    outcomes: dict[str, object] = {}
    submit = recording(group, outcomes, Refused)

    threads = {i: threading.Thread(target=submit, args=(i,)) for i in ["first", "a", "bad-b", "c"]}
    threads["first"].start()
    assert writes.started.wait(10)
    for item in ("a", "bad-b", "c"):
        threads[item].start()
    eventually(lambda: len(group._queue) == 3, what="three appends queued")
    writes.release.set()
    for t in threads.values():
        t.join(10)
    assert writes.groups[0] == ["first"]
    assert sorted(writes.groups[1]) == ["a", "bad-b", "c"]
    assert outcomes["first"] == "FIRST" and outcomes["a"] == "A" and outcomes["c"] == "C"
    assert isinstance(outcomes["bad-b"], Refused)


def test_a_failed_write_reaches_every_member_and_frees_the_lane() -> None:
    def broken(items: Sequence[str]) -> list[str]:
        raise OSError("disk gone")

    group: GroupCommit[str, str] = GroupCommit(broken)
    with pytest.raises(OSError):
        group.submit("x")
    assert group._leaders == 0
    with pytest.raises(OSError):
        group.submit("y")  # a second append leads again rather than waiting forever


def test_a_signal_wakes_its_listener_once_per_change() -> None:
    signal = Signal()
    listener = SignalWakeups(signal)
    assert listener.wait(0.01) is False
    signal.appended()
    assert listener.wait(5) is True
    assert listener.wait(0.01) is False


class Killed(BaseException):
    """What eventlet throws into a green thread it kills (GreenletExit is a BaseException)."""


class KilledWhileWaiting:
    """A queued append's lock whose wait ends in Killed: at once (killed while queued) or once
    the lane is handed to it (killed as it wakes to lead)."""

    def __init__(self, chosen: bool) -> None:
        self.lock = threading.Lock()
        self.lock.acquire()
        self.chosen = chosen

    def acquire(self) -> bool:
        if self.chosen:
            self.lock.acquire()
        raise Killed

    def release(self) -> None:
        self.lock.release()


@pytest.mark.parametrize("chosen", [False, True], ids=["while-queued", "as-it-wakes-to-lead"])
def test_an_append_killed_while_it_waits_leaves_no_lane_without_a_leader(
    monkeypatch: pytest.MonkeyPatch, chosen: bool
) -> None:
    class Doomed(grouping._Queued[str, str]):
        def __init__(self, item: str) -> None:
            super().__init__(item)
            if item == "killed":
                self.done = KilledWhileWaiting(chosen)  # type: ignore[assignment]

    monkeypatch.setattr(grouping, "_Queued", Doomed)
    writes = Writes()
    group: GroupCommit[str, str] = GroupCommit(writes, lanes=1)
    outcomes: dict[str, object] = {}
    submit = recording(group, outcomes, Killed)

    first = threading.Thread(target=submit, args=("first",), daemon=True)
    first.start()
    assert writes.started.wait(10)
    killed = threading.Thread(target=submit, args=("killed",), daemon=True)
    killed.start()
    if not chosen:
        killed.join(10)  # gone from the queue before the lane is free
    eventually(lambda: len(group._queue) == (1 if chosen else 0), what="the append queued")
    writes.release.set()
    first.join(10)
    killed.join(10)
    later = threading.Thread(target=submit, args=("later",), daemon=True)
    later.start()
    later.join(10)
    assert outcomes == {"first": "FIRST", "killed": outcomes["killed"], "later": "LATER"}
    assert isinstance(outcomes["killed"], Killed)
    assert ["killed"] not in writes.groups and group._leaders == 0 and not group._queue
