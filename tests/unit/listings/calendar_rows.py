"""The rows of tests/unit/listings/test_refusals_raised.py for the refusals of a lent item's
calendar: given its events, when a command, then the error naming the refusal."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from listings.commands.bookings import UnblockDates
from listings.domain.bookings import decide_calendar
from listings.domain.calendar import fold
from tests.support.refusals_raised import Row, rows
from tests.unit.listings.calendar_kit import (
    LID,
    LOAN,
    OTHER,
    OWNER,
    T0,
    accept,
    block,
    cancel,
    picked_up,
    request,
    requested,
    returned,
    run,
)

row = rows(decide_calendar, fold)
ASKED = requested()
BOOKING = ASKED[0].booking_id
ACCEPTED: list[Any] = run(ASKED, accept(BOOKING))
PICKED: list[Any] = run(ACCEPTED, picked_up(BOOKING))

TABLE: dict[str, Row] = {
    "unknown_booking": row(ASKED, accept(BOOKING, owner=OTHER)),
    "unknown_block": row([], UnblockDates(LID, LID, LID, OWNER, T0)),
    "not_bookable": row([], request(item=replace(LOAN, category="service"))),
    "invalid_period": row([], request(start=6, end=5)),
    "booking_overlaps": row(ASKED, request(borrower=OTHER)),
    "dates_blocked": row(run([], block(5, 5)), request()),
    "too_many_bookings": row(run(ASKED, request(start=8, end=8)), request(start=10, end=10)),
    "booking_not_pending": row(ACCEPTED, accept(BOOKING)),
    "booking_not_cancellable": row(PICKED, cancel(BOOKING)),
    "booking_not_accepted": row(ASKED, picked_up(BOOKING)),
    "booking_not_picked_up": row(ACCEPTED, returned(BOOKING)),
}

ELSEWHERE = {
    "unknown_calendar": "the calendar feed's query (listings/service/calendar.py)",
}
