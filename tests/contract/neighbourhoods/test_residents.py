"""Neighbourhoods' read model of residents, fed by the events that IdentityHandlers record on a
memory store, on an SQLite and a PostgreSQL read-model database alike."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from types import SimpleNamespace
from typing import Any

import pytest
import sqlalchemy as sa

from neighbourhoods.projections import residents
from services.subscriptions import SubscriptionRunner
from services.subscriptions.residents import street_of
from tests.contract.neighbourhoods.kit import EGLISE, PAIX, Residents, residents_world


@dataclass
class World:
    people: Residents
    runner: SubscriptionRunner
    engine: sa.Engine

    @property
    def identity(self) -> Any:
        return self.people.identity

    @property
    def store(self) -> Any:
        return self.people.store

    def caught_up(self) -> SimpleNamespace:
        while self.runner.run_once():
            pass
        tables: SimpleNamespace = self.runner.tables()
        return tables

    def resident(self, rid: uuid.UUID) -> dict[str, Any]:
        tables = self.caught_up()
        with self.engine.connect() as conn:
            found = residents.resident(conn, tables, rid)
        assert found is not None
        return found

    def home(self, rid: uuid.UUID) -> tuple[float, float] | None:
        tables = self.caught_up()
        with self.engine.connect() as conn:
            return residents.verified_home(conn, tables, rid)

    def register(self, name: str) -> uuid.UUID:
        return self.people.register(name)

    def verify(self, rid: uuid.UUID, where: Any = PAIX) -> None:
        self.people.verify(rid, where)

    def rows(self) -> list[tuple[Any, ...]]:
        tables = self.caught_up()
        with self.engine.connect() as conn:
            return sorted(tuple(r) for r in conn.execute(sa.select(tables.residents)))


def world(engine: sa.Engine) -> World:
    people = residents_world()
    return World(
        people, SubscriptionRunner(people.store, engine, residents.residents(people.codec)), engine
    )


def test_a_verified_resident_has_a_home_point_and_shows_the_street_without_number(
    database: Any,
) -> None:
    w = world(database())
    rid = w.register("Ada")
    assert w.resident(rid)["display_name"] == "Ada" and w.home(rid) is None
    w.identity.declare_address(uuid.uuid4(), rid, PAIX)
    declared = w.resident(rid)
    assert (declared["verified"], declared["street"]) == (False, "rue de la Paix")
    assert w.home(rid) is None, "a declared address is not a verified home"
    w.verify(rid)
    lon, lat = w.home(rid) or (0.0, 0.0)
    assert abs(lat - 46.66) < 0.01 and abs(lon - 4.86) < 0.01
    row = SimpleNamespace(**w.resident(rid))
    assert residents.shown_address(row) == {"street": "rue de la Paix"}


def test_the_disclosure_level_decides_how_much_of_the_address_neighbours_see(
    database: Any,
) -> None:
    w = world(database())
    rid = w.register("Ada")
    w.verify(rid)
    w.identity.change_profile(uuid.uuid4(), rid, "Ada L.", None, "full")
    full = SimpleNamespace(**w.resident(rid))
    assert full.display_name == "Ada L."
    assert residents.shown_address(full) == {
        "street": "rue de la Paix",
        "line": "12 rue de la Paix",
        "postcode": "71999",
        "city": "Bourg-Démo",
    }
    w.identity.change_profile(uuid.uuid4(), rid, "Ada L.", None, "none")
    assert residents.shown_address(SimpleNamespace(**w.resident(rid))) is None


def test_moving_house_withdraws_verification_until_the_new_address_is_verified(
    database: Any,
) -> None:
    w = world(database())
    rid = w.register("Ada")
    w.verify(rid, PAIX)
    assert w.home(rid) is not None
    w.identity.declare_address(uuid.uuid4(), rid, EGLISE)
    moved = w.resident(rid)
    assert (moved["verified"], moved["street"]) == (False, "Rue de l'Église")
    assert w.home(rid) is None
    assert residents.shown_address(SimpleNamespace(**moved)) is None
    w.verify(rid, EGLISE)
    assert w.resident(rid)["verified"] is True and w.home(rid) is not None


def test_events_delivered_twice_or_replayed_out_of_order_change_nothing(database: Any) -> None:
    w = world(database())
    rid = w.register("Ada")
    w.verify(rid, PAIX)
    w.identity.change_profile(uuid.uuid4(), rid, "Ada L.", None, "full")
    w.identity.declare_address(uuid.uuid4(), rid, EGLISE)
    before = w.rows()
    tables = w.caught_up()
    history = list(w.store.read_all(limit=None))
    with w.engine.begin() as tx:
        for recorded in [*history, *reversed(history)]:
            w.runner.subscriber.handle(tx, tables, recorded)
    assert w.rows() == before
    assert w.resident(rid)["verified"] is False, "the old address's proof came again: ignored"


def test_an_erased_resident_keeps_a_row_with_nothing_personal_and_no_home(database: Any) -> None:
    w = world(database())
    rid = w.register("Ada")
    other = w.register("Bob")
    w.verify(rid)
    w.identity.change_profile(uuid.uuid4(), rid, "Ada", None, "full")
    w.caught_up()
    w.identity.erase(uuid.uuid4(), rid, "system:ops")
    erased = w.resident(rid)
    assert erased["erased"] is True and w.home(rid) is None
    personal = ("display_name", "line", "street", "postcode", "city", "latitude", "longitude")
    assert all(erased[k] is None for k in personal)
    assert w.resident(other)["display_name"] == "Bob"

    # Rebuilt from the log after the erasure: the same rows as the live read model.
    w.runner.release()
    rebuilt_engine = database()
    rebuilt = SubscriptionRunner(w.store, rebuilt_engine, residents.residents(w.people.codec))
    while rebuilt.run_once():
        pass
    with rebuilt_engine.connect() as conn:
        again = sorted(tuple(r) for r in conn.execute(sa.select(rebuilt.tables().residents)))
    assert again == w.rows()


def test_a_replay_in_batches_gives_exactly_the_rows_of_a_replay_one_event_at_a_time(
    database: Any,
) -> None:
    w = world(database())
    ada, bob, cy = (w.register(n) for n in ("Ada", "Bob", "Cy"))
    w.verify(ada, PAIX)
    w.identity.change_profile(uuid.uuid4(), ada, "Ada L.", "+33 6 12 34 56 78", "full")
    w.identity.declare_address(uuid.uuid4(), ada, EGLISE)  # moving: verification withdrawn
    w.verify(bob, EGLISE)
    w.identity.grant_role(uuid.uuid4(), bob, "operator", None, "system:ops")
    w.identity.change_profile(uuid.uuid4(), cy, "Cy B.", None, "none")
    w.identity.erase(uuid.uuid4(), cy, "system:ops")
    w.verify(ada, EGLISE)
    subscriber = residents.residents(w.people.codec)

    def refuse(*_: Any) -> None:
        raise AssertionError("one event at a time: the batch was not applied at once")

    def rebuilt(batch: int, **changed: Any) -> list[tuple[Any, ...]]:
        engine = database()
        runner = SubscriptionRunner(w.store, engine, replace(subscriber, **changed), batch)
        while runner.run_once():
            pass
        runner.release()
        with engine.connect() as conn:
            return sorted(tuple(r) for r in conn.execute(sa.select(runner.tables().residents)))

    one_by_one = rebuilt(1, handle_batch=None)
    # At once, with `handle` refusing: only the batch's bulk statements can have written rows.
    assert rebuilt(1000, handle=refuse) == one_by_one
    # Batches cut through residents' histories: rows read back between batches.
    assert rebuilt(3, handle=refuse) == one_by_one
    assert len(one_by_one) == 3 and one_by_one == w.rows()


@pytest.mark.parametrize(
    ("line", "street"),
    [
        ("12 rue de la Paix", "rue de la Paix"),
        ("4 ter rue de la Paix", "rue de la Paix"),
        ("12-14, Avenue de la Gare", "Avenue de la Gare"),
        ("221B Baker Street", "Baker Street"),
        ("Place de la Mairie", "Place de la Mairie"),
        ("7", None),
    ],
)
def test_the_street_is_the_line_without_its_house_number(line: str, street: str | None) -> None:
    assert street_of(line) == street
