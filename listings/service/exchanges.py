"""The listings service's exchange doors: seats on a trip, pledges to a group purchase, a
giveaway's recipient; what a listing shows of them; and the clock's sweep that confirms or
lapses the purchases that are due. Thin: each checks its arguments' shapes, brings the facts
the command needs (memberships) and runs it through the handlers (handlers/exchanges.py).
"""

from __future__ import annotations

import logging
import uuid
from datetime import date
from typing import Any

from listings.domain.exchange_errors import UnknownSeat
from listings.policies import settlement
from listings.projections import exchanges as stored
from listings.projections import facts
from listings.service import exchange_views
from listings.service.errors import DOOR
from listings.service.shapes import text
from services.runtime import read_models
from services.runtime.doors import done
from services.runtime.sweeps import sweep
from services.runtime.timers import configured_timer

log = logging.getLogger("quartier.listings")
SWEEP_SETTING = "QUARTIER_PURCHASE_SWEEP_SECONDS"
SWEEP_SECONDS = 60.0
reading = read_models.reader(DOOR)


@DOOR.rpc
@DOOR.wrap
def book_seat(
    service: Any,
    command_id: str,
    listing_id: str,
    passenger_id: str,
    date: str,
    seats: int,
    pickup: str | None = None,
    after: str | None = None,
) -> dict[str, Any]:
    """`date`: the local date of a departure (YYYY-MM-DD). -> {seat_id, position}.
    unknown_listing, exchange_not_offered, own_listing, listing_not_open, invalid_seats,
    invalid_pickup, no_departure_on_date, departure_passed, occurrence_cancelled,
    trip_cancelled, seat_already_booked, trip_full (details.seats_left)."""
    who = DOOR.uid(passenger_id, "passenger_id")
    with reading(service, after) as conn:
        member_of = facts.member_of(conn, service.read.facts, who)
    seat_id, position = service.handlers.exchanges.book_seat(
        DOOR.uid(command_id, "command_id"),
        DOOR.uid(listing_id, "listing_id"),
        who,
        _day(date),
        _whole(seats, "seats"),
        None if pickup is None else text(pickup, "pickup"),
        member_of,
    )
    return done(position, seat_id=seat_id)


@DOOR.rpc
@DOOR.wrap
def cancel_seat(
    service: Any,
    command_id: str,
    seat_id: str,
    resident_id: str,
    reason: str | None = None,
    after: str | None = None,
) -> dict[str, Any]:
    """By the passenger or the driver, before the departure. -> {position}. unknown_seat,
    not_your_seat, seat_already_cancelled, invalid_cancel_reason, departure_passed."""
    seat = DOOR.uid(seat_id, "seat_id")
    with reading(service, after) as conn:
        listing_id = stored.seat_listing(conn, service.read.exchanges, seat)
    if listing_id is None:
        raise UnknownSeat("no such seat")
    position = service.handlers.exchanges.cancel_seat(
        DOOR.uid(command_id, "command_id"),
        listing_id,
        seat,
        DOOR.uid(resident_id, "resident_id"),
        None if reason is None else text(reason, "reason"),
    )
    return done(position)


@DOOR.rpc
@DOOR.wrap
def cancel_trip_occurrence(
    service: Any, command_id: str, listing_id: str, driver_id: str, date: str, reason: str
) -> dict[str, Any]:
    """The driver will not drive on `date`; its passengers lose their seats. -> {position}.
    unknown_listing, not_the_author, exchange_not_offered, reason_required,
    invalid_cancel_reason, trip_cancelled, no_departure_on_date, departure_passed,
    occurrence_cancelled."""
    position = service.handlers.exchanges.cancel_occurrence(
        DOOR.uid(command_id, "command_id"),
        DOOR.uid(listing_id, "listing_id"),
        DOOR.uid(driver_id, "driver_id"),
        _day(date),
        text(reason, "reason"),
    )
    return done(position)


@DOOR.rpc
@DOOR.wrap
def cancel_trip(
    service: Any, command_id: str, listing_id: str, driver_id: str, reason: str
) -> dict[str, Any]:
    """The driver will not drive any more; every passenger loses their seat. -> {position}.
    unknown_listing, not_the_author, exchange_not_offered, reason_required,
    invalid_cancel_reason, trip_cancelled."""
    position = service.handlers.exchanges.cancel_trip(
        DOOR.uid(command_id, "command_id"),
        DOOR.uid(listing_id, "listing_id"),
        DOOR.uid(driver_id, "driver_id"),
        text(reason, "reason"),
    )
    return done(position)


@DOOR.rpc
@DOOR.wrap
def pledge(
    service: Any,
    command_id: str,
    listing_id: str,
    member_id: str,
    quantity: int,
    after: str | None = None,
) -> dict[str, Any]:
    """Make or change my pledge. -> {position}. unknown_listing, exchange_not_offered,
    listing_not_open, invalid_quantity, pledges_closed, purchase_confirmed."""
    who = DOOR.uid(member_id, "member_id")
    with reading(service, after) as conn:
        member_of = facts.member_of(conn, service.read.facts, who)
    position = service.handlers.exchanges.pledge(
        DOOR.uid(command_id, "command_id"),
        DOOR.uid(listing_id, "listing_id"),
        who,
        _whole(quantity, "quantity"),
        member_of,
    )
    return done(position)


@DOOR.rpc
@DOOR.wrap
def withdraw_pledge(
    service: Any, command_id: str, listing_id: str, member_id: str
) -> dict[str, Any]:
    """-> {position}. unknown_listing, exchange_not_offered, no_pledge, pledges_closed,
    purchase_confirmed."""
    position = service.handlers.exchanges.withdraw_pledge(
        DOOR.uid(command_id, "command_id"),
        DOOR.uid(listing_id, "listing_id"),
        DOOR.uid(member_id, "member_id"),
    )
    return done(position)


@DOOR.rpc
@DOOR.wrap
def choose_recipient(
    service: Any, command_id: str, listing_id: str, giver_id: str, response_id: str
) -> dict[str, Any]:
    """A "giver chooses" giveaway's giver picks a response. -> {connection_id, position}.
    unknown_listing, not_the_author, listing_removed, exchange_not_offered,
    first_come_giveaway, unknown_response, recipient_already_chosen, listing_not_open."""
    connection_id, position = service.handlers.exchanges.choose_recipient(
        DOOR.uid(command_id, "command_id"),
        DOOR.uid(listing_id, "listing_id"),
        DOOR.uid(giver_id, "giver_id"),
        DOOR.uid(response_id, "response_id"),
    )
    return done(position, connection_id=connection_id)


@DOOR.rpc
@DOOR.wrap
def my_seats(service: Any, resident_id: str, after: str | None = None) -> dict[str, Any]:
    """My seats still held, from today on, soonest first: {items}."""
    who = DOOR.uid(resident_id, "resident_id")
    today = service.handlers.clock().date()
    with reading(service, after) as conn:
        items = stored.my_seats(conn, service.read.exchanges, who, today)
    return {"items": items}


def shown(
    service: Any, listing_id: uuid.UUID, viewer_id: uuid.UUID, category: str | None
) -> dict[str, Any] | None:
    """What the listing shows of its exchange to `viewer_id`, who may see it (the listing
    query's part): folded from the trip's or purchase's own stream, so always current. A
    category without exchanges reads nothing more."""
    if category not in exchange_views.CATEGORIES:
        return None
    with reading(service, None) as conn:
        return exchange_views.view(
            service.handlers, conn, service.read.facts, listing_id, viewer_id
        )


@configured_timer(SWEEP_SETTING, default=SWEEP_SECONDS)
def settle_purchases(service: Any) -> None:
    """Every replica runs it: the purchase's stream settles it once, whoever asks."""

    def settle() -> Any:
        now = service.handlers.clock()
        with service.read.engine.connect() as conn:
            due = stored.due_purchases(conn, service.read.exchanges, now, settlement.BATCH)
        return settlement.settle_due(service.handlers.exchanges, due, now)

    sweep(log, DOOR.translated, "purchase settlement", settle, "group purchases settled: %d")


def _day(value: Any) -> date:
    if not isinstance(value, str):
        raise DOOR.invalid("date must be YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DOOR.invalid("date must be YYYY-MM-DD") from None


def _whole(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise DOOR.invalid(f"{name} must be a whole number")
    return value


DOORS = (
    book_seat,
    cancel_seat,
    cancel_trip_occurrence,
    cancel_trip,
    pledge,
    withdraw_pledge,
    choose_recipient,
    my_seats,
    settle_purchases,
)
