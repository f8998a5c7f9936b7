"""The ReadModels dependency every context's queries use: subscribers built at setup from the
container's platform, read-your-writes on the read models queries read, and a context's own
handle."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import eventlet
import pytest
import sqlalchemy as sa
from nameko.containers import ServiceContainer

from services.eventstore import NewEvent
from services.runtime.platform import Platform
from services.runtime.read_models import ReadModels, ReadModelsHandle
from services.subscriptions import Subscriber
from services.subscriptions.database import subscriptions
from tests.contract.platform.subscriber_kit import toy


def _stuck(tx: Any, tables: Any, event: Any) -> None:
    raise ValueError("a policy that cannot apply anything")


STUCK = Subscriber("tests.stuck_policy", _stuck, categories=("tests.thing",))
BUILT: list[Platform] = []


def subscribers(platform: Platform) -> Sequence[Subscriber]:
    BUILT.append(platform)
    return (toy(categories=("tests.thing",)), STUCK)


def policy_then_read_model(platform: Platform) -> Sequence[Subscriber]:
    return (STUCK, toy(categories=("tests.thing",)))


class CountingHandle(ReadModelsHandle):
    def total(self) -> int:
        tables = self.tables("tests.totals")
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.sum(tables.totals.c.total))).scalar() or 0)


class Queries:
    name = "tests_queries"
    read = ReadModels(subscribers, queried=("tests.totals",), handle=CountingHandle)
    everything = ReadModels(subscribers)
    policy_first = ReadModels(policy_then_read_model, queried=("tests.totals",))


@contextmanager
def set_up(tmp_path: Path, attr: str) -> Iterator[ReadModels]:
    """Queries' provider `attr`, bound to a container and set up, its loop not started."""
    config = {
        "AMQP_URI": "amqp://guest:guest@127.0.0.1:1/",  # never reached: nothing starts
        "QUARTIER_DATA_DIR": str(tmp_path),
        "QUARTIER_EVENT_STORE": f"sqlite:///{tmp_path}/events.db",
    }
    container = ServiceContainer(Queries, config)
    (found,) = [d for d in container.dependencies if d.attr_name == attr]
    assert isinstance(found, ReadModels)
    found.setup()
    found._running = True  # catch_up applies only while the provider runs
    try:
        yield found
    finally:
        found.platform.stop()


@pytest.fixture
def provider(tmp_path: Path) -> Iterator[ReadModels]:
    with set_up(tmp_path, "read") as found:
        yield found


def _put(provider: ReadModels, n: int) -> str:
    result = provider.platform.store().append(
        f"tests.thing-{uuid.uuid4()}", [NewEvent("tests.ThingHappened", {"n": n})]
    )
    return str(result.position)


def test_subscribers_are_built_at_setup_from_the_containers_platform(
    provider: ReadModels,
) -> None:
    assert BUILT[-1] is provider.platform
    assert [s.name for s in provider.subscribers] == ["tests.totals", "tests.stuck_policy"]
    assert set(provider.runners) == {"tests.totals", "tests.stuck_policy"}


def test_caught_up_waits_for_the_queried_read_models_only(provider: ReadModels) -> None:
    handle = provider.get_dependency(None)
    position = _put(provider, 3)
    assert not handle.caught_up(position, 0.0)
    provider.catch_up()
    assert handle.caught_up(position, 1.0)
    assert not handle.wait_for(position, 0.0)  # the stuck policy is behind, and not waited for


def test_a_read_wakes_the_subscribers_only_when_a_read_model_is_behind(
    provider: ReadModels,
) -> None:
    handle = provider.get_dependency(None)
    position = _put(provider, 1)
    provider.catch_up()
    assert handle.caught_up(position, 1.0)
    assert not provider._wake.ready()
    behind = _put(provider, 2)
    assert not handle.caught_up(behind, 0.0)
    assert provider._wake.ready()


def test_a_position_seen_reached_is_not_looked_up_again(provider: ReadModels) -> None:
    earlier = _put(provider, 1)
    provider.catch_up()
    assert provider.get_dependency(None).caught_up(earlier, 1.0)
    statements: list[str] = []
    engine = provider.platform.engine()
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    sa.event.listen(engine, "before_cursor_execute", listener)
    try:
        assert provider.get_dependency(None).caught_up(earlier, 1.0)
    finally:
        sa.event.remove(engine, "before_cursor_execute", listener)
    assert statements == []


def test_a_checkpoint_moved_back_is_read_again_once_its_trust_has_run_out(
    provider: ReadModels,
) -> None:
    # An operator's replay switched over sets the live checkpoint back to the build's (0032).
    earlier, later = _put(provider, 1), _put(provider, 2)
    provider.catch_up()
    handle = provider.get_dependency(None)
    assert handle.caught_up(later, 1.0)
    with provider.platform.engine().begin() as conn:
        conn.execute(
            sa.update(subscriptions)
            .where(subscriptions.c.name == "tests.totals")
            .values(position=earlier)
        )
    provider.trust_seconds = 0.0
    assert not handle.caught_up(later, 0.0)
    assert handle.caught_up(earlier, 0.0)


def test_a_context_answers_its_own_handle_with_engine_tables_and_head(
    provider: ReadModels,
) -> None:
    _put(provider, 2)
    position = _put(provider, 5)
    provider.catch_up()
    handle = provider.get_dependency(None)
    assert isinstance(handle, CountingHandle)
    assert handle.total() == 7
    assert str(handle.head()) == position
    assert handle.engine is provider.platform.engine()


def test_by_default_every_subscriber_is_queried(tmp_path: Path) -> None:
    with set_up(tmp_path, "everything") as everything:
        position = _put(everything, 1)
        everything.catch_up()
        handle = everything.get_dependency(None)
        assert type(handle) is ReadModelsHandle
        assert not handle.caught_up(position, 0.2)  # the stuck policy is waited for too


def test_a_wake_up_runs_the_queried_read_models_before_the_policies(tmp_path: Path) -> None:
    # One after another, each holding the hub: what a resident's read waits on goes first.
    with set_up(tmp_path, "policy_first") as found:
        assert list(found.runners) == ["tests.totals", "tests.stuck_policy"]
        _put(found, 1)
        found.catch_up()
        assert found.get_dependency(None).caught_up(found.platform.store().head(), 0.0)


def test_a_wake_up_lets_a_waiting_worker_in_between_two_subscribers(tmp_path: Path) -> None:
    # Each subscriber's turn holds the hub: a read waiting gets its turn after the first
    # subscriber, not after the whole service's.
    with set_up(tmp_path, "everything") as found:
        _put(found, 1)
        order: list[str] = []
        for name, runner in found.runners.items():

            def recorded(*args: Any, _name: str = name, _run: Any = runner.run_once) -> int:
                order.append(_name)
                return int(_run(*args))

            runner.run_once = recorded  # type: ignore[method-assign]
        eventlet.spawn(order.append, "a waiting worker")
        found.catch_up()
        assert order == ["tests.totals", "a waiting worker", "tests.stuck_policy"]


def test_a_wake_up_reads_its_subscribers_checkpoint_rows_in_one_statement(
    tmp_path: Path,
) -> None:
    with set_up(tmp_path, "everything") as found:
        _put(found, 1)
        engine = found.platform.engine()
        reads: list[str] = []

        def heard(*args: Any) -> None:
            words = args[2].split()
            if words[0] == "SELECT" and "subscriptions" in words[words.index("FROM") + 1 :][:1]:
                reads.append(" ".join(words))

        sa.event.listen(engine, "before_cursor_execute", heard)
        try:
            found.catch_up()
        finally:
            sa.event.remove(engine, "before_cursor_execute", heard)
        assert len(found.runners) == 2 and len(reads) == 1, reads


def _heads(provider: ReadModels) -> list[object]:
    """Each head the store is asked for from now on, recorded."""
    store, asked = provider.platform.store(), []
    read = store.head

    def head() -> object:
        asked.append(read())
        return asked[-1]

    store.head = head  # type: ignore[method-assign]
    return asked


def _checkpoint(provider: ReadModels, name: str) -> str | None:
    with provider.platform.engine().connect() as conn:
        return conn.execute(
            sa.select(subscriptions.c.position).where(subscriptions.c.name == name)
        ).scalar()


def test_a_wake_up_that_names_a_position_takes_it_for_the_head(provider: ReadModels) -> None:
    _put(provider, 2)
    provider.catch_up()
    mine = _put(provider, 5)
    # An event the read model does not read: the position named moves its checkpoint past it.
    other = str(
        provider.platform.store()
        .append(f"tests.other-{uuid.uuid4()}", [NewEvent("tests.OtherHappened", {})])
        .position
    )
    asked = _heads(provider)
    provider.wake(mine)
    provider.wake(other)
    provider.wake(mine)  # a message late or sent again names no further than the furthest
    provider.run_pass()
    assert asked == []
    assert provider.get_dependency(None).total() == 7
    assert _checkpoint(provider, "tests.totals") == other


@pytest.mark.parametrize("named", [None, "not a position"])
def test_a_wake_up_that_names_no_position_of_this_store_has_the_head_read(
    provider: ReadModels, named: str | None
) -> None:
    mine = _put(provider, 3)
    asked = _heads(provider)
    provider.wake(mine)
    provider.wake(named)  # the timer's, a read's or the store's; or a message of another store
    provider.run_pass()
    assert [str(p) for p in asked] == [mine]
    assert provider.get_dependency(None).total() == 3
    # The next pass starts afresh: the timer's (no wake-up at all) reads the head too.
    provider.run_pass()
    assert len(asked) == 2
