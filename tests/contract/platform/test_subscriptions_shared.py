"""A service's subscribers woken together (docs/decisions/0070), on every read-model database:
the log read once for all of them, the checkpoints of those with nothing to apply moved in one
statement, and each subscriber still applying its own events, each once."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
import sqlalchemy as sa

from services.eventstore import EventStore, NewEvent, connect
from services.subscriptions import SubscriptionRunner
from services.subscriptions.database import subscriptions
from services.subscriptions.sharing import PAGE, Shared
from tests.contract.platform.subscriber_kit import Tables, snapshot, toy
from tests.contract.platform.test_subscriptions import statements_on

CATEGORIES = ("tests.alpha", "tests.beta", "tests.gamma")
LIVE = 20


class Counting:
    """A store that counts the reads of the log."""

    def __init__(self, store: EventStore) -> None:
        self._store = store
        self.reads = 0

    def read_all(self, **kwargs: Any) -> Any:
        self.reads += 1
        return self._store.read_all(**kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


@pytest.fixture
def engine(database: Callable[[], sa.Engine]) -> sa.Engine:
    return database()


@pytest.fixture
def store() -> Counting:
    return Counting(connect("memory://"))


def service(store: Any, engine: sa.Engine) -> dict[str, SubscriptionRunner]:
    """Three subscribers of one service, each reading one category of its own."""
    made = [SubscriptionRunner(store, engine, _own(c)) for c in CATEGORIES]
    return {r.name: r for r in made}


def _own(category: str) -> Any:
    """The toy read model in tables of its own, applying `category` only."""
    tag = category.split(".")[1]

    def define(metadata: sa.MetaData, suffix: str) -> Tables:
        return Tables(metadata, f"_{tag}{suffix}")

    return replace(toy(categories=(category,)), name=f"{category}.totals", define=define)


def put(store: Any, category: str) -> str:
    stream = f"{category}-{uuid.uuid4()}"
    store.append(stream, [NewEvent("tests.ThingHappened", {"n": 1})])
    return stream


def wake(store: Any, engine: sa.Engine, runners: dict[str, SubscriptionRunner]) -> int:
    """One pass of the service's subscribers, as its runtime makes it after a wake-up."""
    shared = Shared(engine, store, runners)
    head = store.head()
    try:
        return sum(r.run_once(LIVE, head, shared) for r in runners.values())
    finally:
        shared.flush()


def applied(engine: sa.Engine, runner: SubscriptionRunner) -> set[str]:
    return set(snapshot(engine, runner.tables()))


def checkpoints(engine: sa.Engine) -> dict[str, str | None]:
    with engine.connect() as conn:
        return dict(conn.execute(sa.select(subscriptions.c.name, subscriptions.c.position)).all())


def test_an_event_for_one_subscriber_is_read_once_and_the_others_move_together(
    store: Counting, engine: sa.Engine
) -> None:
    runners = service(store, engine)
    before = [put(store, c) for c in CATEGORIES]
    wake(store, engine, runners)
    store.reads = 0
    mine = put(store, "tests.alpha")
    with statements_on(engine, words=2) as statements:
        assert wake(store, engine, runners) == 1
    assert store.reads == 1
    # The one applying claims its checkpoint; the two others move in one statement.
    assert statements.count("UPDATE SUBSCRIPTIONS") == 2
    assert set(checkpoints(engine).values()) == {str(store.head())}
    assert applied(engine, runners["tests.alpha.totals"]) == {before[0], mine}


def test_a_subscriber_behind_the_first_reader_reads_its_own_and_misses_nothing(
    store: Counting, engine: sa.Engine
) -> None:
    runners = service(store, engine)
    early = put(store, "tests.gamma")
    for name in ("tests.alpha.totals", "tests.beta.totals"):
        runners[name].run_once()
    late = [put(store, "tests.alpha"), put(store, "tests.gamma")]
    store.reads = 0
    assert wake(store, engine, runners) == 3
    assert store.reads == 2  # the shared page, and gamma's own from further back
    assert applied(engine, runners["tests.gamma.totals"]) == {early, late[1]}
    assert applied(engine, runners["tests.alpha.totals"]) == {late[0]}
    assert set(checkpoints(engine).values()) == {str(store.head())}


def test_a_full_page_leaves_each_subscriber_to_read_its_own(
    store: Counting, engine: sa.Engine
) -> None:
    runners = service(store, engine)
    streams = [put(store, CATEGORIES[n % 3]) for n in range(PAGE + 10)]
    while wake(store, engine, runners):
        pass
    for n, category in enumerate(CATEGORIES):
        assert applied(engine, runners[f"{category}.totals"]) == set(streams[n::3])
    for runner in runners.values():
        assert all(count == (1, 1) for count in snapshot(engine, runner.tables()).values())
    assert set(checkpoints(engine).values()) == {str(store.head())}


def test_a_move_another_instance_made_first_stands_and_the_subscriber_reads_again(
    store: Counting, engine: sa.Engine
) -> None:
    runners = service(store, engine)
    put(store, "tests.alpha")
    wake(store, engine, runners)
    put(store, "tests.alpha")
    shared = Shared(engine, store, runners)
    beta = runners["tests.beta.totals"]
    assert beta.run_once(LIVE, store.head(), shared) == 0  # nothing of its own: a move given
    with engine.begin() as conn:  # another instance moves it first
        conn.execute(
            subscriptions.update()
            .where(subscriptions.c.name == "tests.beta.totals")
            .values(position="elsewhere")
        )
    shared.flush()
    assert checkpoints(engine)["tests.beta.totals"] == "elsewhere"
    assert beta._idle_at is None  # not trusted idle: it reads its checkpoint again
