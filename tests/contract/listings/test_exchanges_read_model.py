"""The exchanges read model on SQLite and PostgreSQL: which trip a seat is on and a passenger's
seats still held, the group purchases whose deadline has come (open only), and the listing's
own read model passing over the trips' and purchases' events."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from contracts.listings.events import (
    ListingPublished,
    PledgeMade,
    PurchaseLapsed,
    SeatBooked,
    SeatCancelled,
)
from listings.domain.purchase import purchase_stream
from listings.domain.trip import trip_stream
from listings.projections import exchanges, queries
from services.subscriptions import SubscriptionRunner
from tests.contract.listings.kit import stream, world
from tests.contract.neighbourhoods.kit import now

DAY = date(2030, 5, 6)


def caught_up(w: Any) -> Any:
    runner = SubscriptionRunner(w.people.store, w.engine, exchanges.read_model(w.people.codec))
    while runner.run_once():
        pass
    return runner.tables()


def purchase(w: Any, author: uuid.UUID, nid: uuid.UUID, days: int) -> uuid.UUID:
    lid, at = uuid.uuid4(), w.tick()
    details = {"product": "Pommes", "unit": "kg", "unit_price": 2.5, "minimum_quantity": 5,
               "deadline": (at + timedelta(days=days)).isoformat()}  # fmt: skip
    w.record(
        stream(lid),
        ListingPublished(
            lid,
            author,
            [nid],
            "offer",
            "group_purchase",
            "Pommes",
            "",
            details,
            [],
            at + timedelta(days=30),
            at,
        ),
        actor=f"resident:{author}",
    )
    return lid


def test_a_seat_names_its_trip_and_its_passenger_sees_it_until_cancelled(database: Any) -> None:
    w = world(database())
    bob, cleo = w.people.register("Bob"), w.people.register("Cléo")
    nid = w.neighbourhood(bob, cleo)
    trip = w.publish(bob, [nid], "Trajet", category="transport")
    kept, lost = uuid.uuid4(), uuid.uuid4()
    w.record(
        trip_stream(trip),
        SeatBooked(kept, trip, bob, cleo, DAY, 2, "Devant l'école", now()),
        SeatBooked(lost, trip, bob, cleo, DAY + timedelta(days=1), 1, None, now()),
        SeatCancelled(lost, trip, bob, cleo, DAY + timedelta(days=1), cleo, None, now()),
    )
    t = caught_up(w)
    with w.engine.connect() as conn:
        assert exchanges.seat_listing(conn, t, kept) == trip
        assert exchanges.seat_listing(conn, t, uuid.uuid4()) is None
        mine = exchanges.my_seats(conn, t, cleo, DAY)
        assert [(s["seat_id"], s["date"], s["seats"]) for s in mine] == [
            (str(kept), DAY.isoformat(), 2)
        ]
        assert exchanges.my_seats(conn, t, cleo, DAY + timedelta(days=1)) == []
    # The listing itself is untouched by its trip's events (their versions are the trip's).
    assert w.ask(queries.listing, trip, bob)["history"][-1]["type"] == "published"


def test_only_open_purchases_past_their_deadline_are_due(database: Any) -> None:
    w = world(database())
    ada, bob = w.people.register("Ada"), w.people.register("Bob")
    nid = w.neighbourhood(ada, bob)
    due, later, lapsed = (
        purchase(w, ada, nid, 1),
        purchase(w, ada, nid, 5),
        purchase(w, ada, nid, 1),
    )
    w.record(purchase_stream(due), PledgeMade(due, ada, bob, 1, 1, now()))
    w.record(purchase_stream(lapsed), PurchaseLapsed(lapsed, ada, 0, [], now()))
    t = caught_up(w)
    with w.engine.connect() as conn:
        assert exchanges.due_purchases(conn, t, w.clock + timedelta(days=2), 10) == [due]
        assert exchanges.due_purchases(conn, t, w.clock, 10) == []
        assert later not in exchanges.due_purchases(conn, t, w.clock + timedelta(days=2), 10)
