"""The stale reservations policy on an SQLite and a PostgreSQL database alike: it keeps the
reservations whose join has not arrived, and forgets one once it arrives, is cancelled or its
place is released."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
import sqlalchemy as sa

from neighbourhoods.policies import reservations as policies_reservations
from services.subscriptions import SubscriptionRunner
from tests.unit.neighbourhoods import T0, home, minutes, square
from tests.unit.neighbourhoods.world import Crash, World, world


def waiting(w: World, runner: SubscriptionRunner, engine: sa.Engine) -> list[uuid.UUID]:
    while runner.run_once():
        pass
    with engine.connect() as conn:
        return policies_reservations.waiting(conn, runner.tables())


def test_only_residents_whose_join_never_arrived_wait_until_their_place_is_freed(
    database: Callable[[], sa.Engine],
) -> None:
    w, engine = world(), database()
    policy = policies_reservations.stale_reservations(w.codec)
    runner = SubscriptionRunner(w.store, engine, policy)
    founder, member, leaver = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    nid = w.found(founder)
    w.join(nid, member)
    w.join(nid, leaver)
    w.handlers.leave(uuid.uuid4(), nid, leaver)
    crashed = uuid.uuid4()
    w.store.fail_next_append("neighbourhoods.neighbourhood")
    with pytest.raises(Crash):
        w.handlers.create(crashed, member, "Les Lilas", "", square(), home())
    assert waiting(w, runner, engine) == [member]

    w.clock.now = T0 + minutes(6)
    assert w.handlers.release_stale_reservations(waiting(w, runner, engine)) == [member]
    assert waiting(w, runner, engine) == []
    runner.release()
