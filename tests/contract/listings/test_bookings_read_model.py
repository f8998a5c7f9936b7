"""The bookings read model on SQLite and PostgreSQL: an item's availability to those who may see
it (its owner with the ids of blocks and bookings), my bookings on both sides, the bookings a
reminder may be due for, the feed found by its token's hash, and an erased borrower's message
and feed gone, live as after a rebuild."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from contracts.listings.bookings import (
    BookingAccepted,
    BookingCancelled,
    BookingRequested,
    CalendarFeedIssued,
    DatesBlocked,
)
from listings.domain.feed import token_hash
from listings.projections import bookings, calendar_queries
from services.subscriptions import SubscriptionRunner
from tests.contract.listings.kit import World, world

DAY = date(2026, 3, 7)
TOKEN = "t" * 43


def booking_world(engine: Any, people: Any = None) -> World:
    w = world(engine, people)
    read_model = bookings.read_model(w.people.codec)
    w.runners.append(SubscriptionRunner(w.people.store, engine, read_model))
    return w


def rows(w: World) -> dict[str, list[tuple[Any, ...]]]:
    w.tables()
    with w.engine.connect() as conn:
        return {
            name: sorted(map(tuple, conn.execute(table.select())))
            for name, table in vars(w.runners[2].tables()).items()
        }


def ask(w: World, query: Any, *args: Any) -> Any:
    t, f = w.tables()
    b = w.runners[2].tables()
    with w.engine.connect() as conn:
        if query in (calendar_queries.availability, calendar_queries.my_bookings):
            return query(conn, b, t, f, *args)
        return query(conn, b, *args)


def requested(w: World, lid: uuid.UUID, owner: uuid.UUID, borrower: uuid.UUID, start: date,
              days: int = 2, message: str | None = "Pour une étagère") -> uuid.UUID:  # fmt: skip
    bid = uuid.uuid4()
    end = start + timedelta(days=days - 1)
    w.record(
        f"listings.calendar-{lid}",
        BookingRequested(
            bid,
            lid,
            owner,
            borrower,
            start,
            end,
            False,
            False,
            message,
            "loan",
            None,
            None,
            w.tick(),
        ),
        actor=f"resident:{borrower}",
    )
    return bid


def test_an_items_availability_shows_holding_bookings_and_blocks_to_those_who_see_it(
    database: Any,
) -> None:
    w = booking_world(database())
    ada, bob, cy, eve = (w.people.register(n) for n in ("Ada", "Bob", "Cy", "Eve"))
    nid = w.neighbourhood(ada, bob, cy)
    w.neighbourhood(eve)
    lid = w.publish(ada, [nid], "Perceuse")
    kept = requested(w, lid, ada, bob, DAY)
    gone = requested(w, lid, ada, cy, DAY + timedelta(days=3))
    stream = f"listings.calendar-{lid}"
    end = DAY + timedelta(days=3)
    w.record(stream, BookingCancelled(gone, lid, ada, cy, end, end, cy, "Plus besoin", w.tick()))
    block = uuid.uuid4()
    w.record(stream, DatesBlocked(lid, ada, block, DAY + timedelta(days=10),
                                  DAY + timedelta(days=12), "Vacances", w.tick()))  # fmt: skip
    month = (DAY, DAY + timedelta(days=30))

    seen = ask(w, calendar_queries.availability, lid, cy, *month)
    assert [(b["start"], b["status"]) for b in seen["booked"]] == [(DAY.isoformat(), "requested")]
    assert "booking_id" not in seen["booked"][0] and "block_id" not in seen["blocked"][0]
    owned = ask(w, calendar_queries.availability, lid, ada, *month)
    assert owned["booked"][0]["booking_id"] == str(kept)
    assert (owned["blocked"][0]["block_id"], owned["blocked"][0]["reason"]) == (
        str(block),
        "Vacances",
    )
    assert ask(w, calendar_queries.availability, lid, eve, *month) is None


def test_my_bookings_both_sides_and_the_reminders_that_may_be_due(database: Any) -> None:
    w = booking_world(database())
    ada, bob = w.people.register("Ada"), w.people.register("Bob")
    nid = w.neighbourhood(ada, bob)
    lid = w.publish(ada, [nid], "Perceuse")
    bid = requested(w, lid, ada, bob, DAY)
    end = DAY + timedelta(days=1)
    w.record(f"listings.calendar-{lid}", BookingAccepted(bid, lid, ada, bob, DAY, end, w.tick()))
    mine = ask(w, calendar_queries.my_bookings, bob)
    [borrowed] = mine["as_borrower"]
    assert (borrowed["title"], borrowed["other_name"], borrowed["status"]) == (
        "Perceuse", "Ada", "accepted",
    )  # fmt: skip
    assert ask(w, calendar_queries.my_bookings, ada)["as_owner"][0]["booking_id"] == str(bid)
    assert ask(w, calendar_queries.due_reminders, DAY - timedelta(days=1), 10) == [(lid, bid)]
    assert ask(w, calendar_queries.due_reminders, DAY - timedelta(days=2), 10) == []


def test_an_erased_borrowers_message_and_feed_are_gone_live_and_after_a_rebuild(
    database: Any,
) -> None:
    w = booking_world(database())
    ada, bob = w.people.register("Ada"), w.people.register("Bob")
    nid = w.neighbourhood(ada, bob)
    lid = w.publish(ada, [nid], "Perceuse")
    requested(w, lid, ada, bob, DAY)
    w.record(
        f"listings.feed-{bob}",
        CalendarFeedIssued(bob, uuid.uuid4(), TOKEN, token_hash(TOKEN), w.tick()),
        actor=f"resident:{bob}",
    )
    assert ask(w, calendar_queries.feed_owner, token_hash(TOKEN)) == bob
    w.people.identity.erase(uuid.uuid4(), bob, "system:ops")
    assert ask(w, calendar_queries.feed_owner, token_hash(TOKEN)) is None
    assert ask(w, calendar_queries.my_bookings, ada)["as_owner"][0]["message"] is None

    live = rows(w)
    for runner in w.runners:
        runner.release()
    assert rows(booking_world(database(), w.people)) == live
