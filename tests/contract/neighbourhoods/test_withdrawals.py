"""The withdrawal policy: identity's events ending a resident's verified home end their
memberships, through the real handlers, on an SQLite and a PostgreSQL read-model database;
late (the policy runs long after identity's events) or twice (run again over the same events)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from identity.domain.state import PostalAddress
from neighbourhoods.commands import VerifiedHome
from neighbourhoods.domain.geometry import Point
from neighbourhoods.handlers import NeighbourhoodHandlers
from neighbourhoods.policies import withdrawals as policies
from neighbourhoods.projections import residents as projections_residents
from services.subscriptions import SubscriptionRunner
from services.subscriptions.database import subscriptions
from tests.contract.neighbourhoods.kit import (
    CENTRE,
    EGLISE,
    PAIX,
    Residents,
    residents_world,
)
from tests.support import square

GRANDE_RUE = PostalAddress("5 Grande Rue", "71999", "Bourg-Démo", "FR")


@dataclass
class World:
    people: Residents
    handlers: NeighbourhoodHandlers
    engine: sa.Engine
    residents: SubscriptionRunner
    policy: SubscriptionRunner

    def home(self, rid: uuid.UUID) -> VerifiedHome | None:
        while self.residents.run_once():
            pass
        with self.engine.connect() as conn:
            row = projections_residents.resident(conn, self.residents.tables(), rid)
        if row is None or not row["verified"]:
            return None
        verified_at = row["verified_at"]
        if verified_at.tzinfo is None:
            verified_at = verified_at.replace(tzinfo=UTC)
        return VerifiedHome(Point(row["longitude"], row["latitude"]), verified_at)

    def verified(self, name: str, where: PostalAddress = PAIX) -> uuid.UUID:
        rid = self.people.register(name)
        self.people.verify(rid, where)
        return rid

    def found(self, founder: uuid.UUID) -> uuid.UUID:
        boundary = square(*CENTRE, 800)
        home = self.home(founder)
        return self.handlers.create(
            uuid.uuid4(), founder, "La Paix", "", boundary, home
        ).neighbourhood_id

    def join(self, nid: uuid.UUID, rid: uuid.UUID) -> None:
        self.handlers.join(uuid.uuid4(), nid, rid, self.home(rid))

    def members(self, nid: uuid.UUID) -> set[uuid.UUID]:
        return {m.resident_id for m in self.handlers.neighbourhood(nid).members}

    def run_policy(self) -> None:
        while self.policy.run_once():
            pass

    def events(self, kind: str) -> list[Any]:
        return [e for e in self.people.store.read_all(limit=None) if e.type == kind]


def world(engine: sa.Engine) -> World:
    people = residents_world()
    handlers = NeighbourhoodHandlers(people.store, people.codec, lambda: datetime.now(UTC))
    return World(
        people,
        handlers,
        engine,
        SubscriptionRunner(people.store, engine, projections_residents.residents(people.codec)),
        SubscriptionRunner(people.store, engine, policies.withdrawals(people.codec, handlers)),
    )


def test_moving_house_or_being_erased_ends_every_membership(database: Any) -> None:
    w = world(database())
    ada, bob, cleo = (w.verified(n) for n in ("Ada", "Bob", "Cleo"))
    nid = w.found(ada)
    w.join(nid, bob)
    w.join(nid, cleo)
    w.run_policy()
    assert w.members(nid) == {ada, bob, cleo}, "registering and verifying withdraw nothing"

    w.people.identity.declare_address(uuid.uuid4(), bob, EGLISE)
    w.people.identity.erase(uuid.uuid4(), cleo, "system:ops")
    w.run_policy()
    assert w.members(nid) == {ada}
    withdrawn = [e.data["cause"] for e in w.events("neighbourhoods.MemberWithdrawn")]
    assert sorted(withdrawn) == ["erased", "moved"]
    actors = {e.metadata["actor"] for e in w.events("neighbourhoods.MemberWithdrawn")}
    assert actors == {"system:neighbourhoods"}
    assert not w.handlers.places(bob).places and not w.handlers.places(cleo).places


def test_a_policy_running_late_withdraws_what_the_move_ended_and_nothing_since(
    database: Any,
) -> None:
    w = world(database())
    ada, bob = w.verified("Ada"), w.verified("Bob")
    nid = w.found(ada)
    w.join(nid, bob)
    # The policy is down while Bob moves within the neighbourhood and proves his new address.
    w.people.identity.declare_address(uuid.uuid4(), bob, GRANDE_RUE)
    w.people.verify(bob, GRANDE_RUE)
    w.run_policy()
    assert w.members(nid) == {ada}, "his membership relied on the old address"
    w.join(nid, bob)
    w.run_policy()
    assert w.members(nid) == {ada, bob}, "the new verification is not undone"


def test_the_same_events_handled_twice_append_nothing_more(database: Any) -> None:
    w = world(database())
    ada, bob = w.verified("Ada"), w.verified("Bob")
    nid = w.found(ada)
    w.join(nid, bob)
    w.people.identity.declare_address(uuid.uuid4(), bob, EGLISE)
    w.run_policy()
    before = list(w.people.store.read_all(limit=None))

    # As after a crash before the checkpoint moved, or a rebuild: from the start again.
    w.policy.release()
    with w.engine.begin() as tx:
        tx.execute(sa.delete(w.policy.tables().homes))
        tx.execute(
            subscriptions.update()
            .where(subscriptions.c.name == policies.NAME)
            .values(position=None)
        )
    again = SubscriptionRunner(
        w.people.store, w.engine, policies.withdrawals(w.people.codec, w.handlers)
    )
    while again.run_once():
        pass
    assert list(w.people.store.read_all(limit=None)) == before
    assert w.members(nid) == {ada}
