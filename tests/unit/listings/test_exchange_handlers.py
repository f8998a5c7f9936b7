"""The exchanges' handlers over the in-memory event store: a booking or a pledge sent again
with its command id appends nothing twice and answers as the first time; the events go to the
trip's and the purchase's own streams, sealed and read back; the clock's settlement lapses a
purchase once."""

from __future__ import annotations

import uuid
from datetime import timedelta

from contracts.listings.events import PledgeMade, PurchaseLapsed, SeatBooked
from listings.domain.listing import listing_stream
from listings.domain.purchase import purchase_stream
from listings.domain.trip import trip_stream
from tests.unit.listings import T0
from tests.unit.listings.test_handlers import world

WEEKLY = {"days": ["mon"], "time": "08:00"}
POINT = {"lat": 48.85, "lon": 2.35}
MONDAY = (T0 + timedelta(days=1)).date()


def test_a_booking_sent_again_appends_nothing_and_answers_the_same_seat() -> None:
    w = world()
    driver, passenger = uuid.uuid4(), uuid.uuid4()
    details = {"from": POINT, "to": POINT, "seats": 2, "weekly": WEEKLY}
    trip = w.handlers.publish(
        uuid.uuid4(), driver, (w.nid,), "offer", "transport", "Trajet du lundi", "", details,
        (), None, frozenset({w.nid}), {},
    ).id  # fmt: skip
    command = uuid.uuid4()
    members = frozenset({w.nid})
    first = w.handlers.exchanges.book_seat(command, trip, passenger, MONDAY, 1, "Ici", members)
    again = w.handlers.exchanges.book_seat(command, trip, passenger, MONDAY, 1, "Ici", members)
    assert first == again
    [booked] = w.events(trip_stream(trip))
    assert isinstance(booked, SeatBooked) and booked.pickup == "Ici"
    assert w.handlers.exchanges.trip(trip).taken(MONDAY) == 1
    assert all(not isinstance(e, SeatBooked) for e in w.events(listing_stream(trip)))


def test_pledges_and_the_settlement_go_to_the_purchase_stream_once() -> None:
    w = world()
    organiser, member = uuid.uuid4(), uuid.uuid4()
    details = {"product": "Pommes", "unit": "kg", "unit_price": 2.5, "minimum_quantity": 5,
               "deadline": (T0 + timedelta(days=1)).isoformat()}  # fmt: skip
    buy = w.handlers.publish(
        uuid.uuid4(), organiser, (w.nid,), "offer", "group_purchase", "Pommes", "", details,
        (), None, frozenset({w.nid}), {},
    ).id  # fmt: skip
    command = uuid.uuid4()
    for _ in range(2):
        w.handlers.exchanges.pledge(command, buy, member, 2, frozenset({w.nid}))
    w.clock.advance(2 * 24 * 3600)
    for _ in range(2):
        w.handlers.exchanges.settle_purchase(uuid.uuid4(), buy)
    made, lapsed = w.events(purchase_stream(buy))
    assert isinstance(made, PledgeMade) and made.total == 2
    assert isinstance(lapsed, PurchaseLapsed) and list(lapsed.pledger_ids) == [member]
