"""Builders of calendar commands and events for the bookings' unit tests: an open loan (or
rental) offer by OWNER, seen by its members, and commands at T0 (a Sunday morning)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from listings.commands.bookings import (
    AcceptBooking,
    BlockDates,
    CancelBooking,
    DeclineBooking,
    Item,
    MarkPickedUp,
    MarkReturned,
    RemindBooking,
    RequestBooking,
)
from listings.domain.bookings import decide_calendar
from listings.domain.calendar import fold
from tests.support.scenarios import scenarios

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
TODAY = T0.date()
OWNER, BORROWER, OTHER = uuid.UUID(int=1), uuid.UUID(int=2), uuid.UUID(int=3)
LID = uuid.UUID(int=100)
LOAN = Item(visible=True, owner_id=OWNER, kind="offer", category="loan", open=True)
RENTAL = replace(LOAN, category="rental", price_per_day="12.5", deposit="150")

given = scenarios(fold, decide_calendar)


def day(n: int) -> date:
    return TODAY + timedelta(days=n)


def request(
    start: int = 5,
    end: int = 6,
    borrower: uuid.UUID = BORROWER,
    item: Item = LOAN,
    **changes: Any,
) -> RequestBooking:
    command = RequestBooking(
        uuid.uuid4(),
        LID,
        borrower,
        day(start),
        day(end),
        False,
        False,
        "Pour un week-end",
        T0,
        item,
    )
    return replace(command, **changes)


def requested(command: RequestBooking | None = None) -> list[Any]:
    """The events of a booking requested (by default from day 5 to day 6)."""
    return decide_calendar(command or request(), fold([]))


def accept(booking_id: uuid.UUID, owner: uuid.UUID = OWNER) -> AcceptBooking:
    return AcceptBooking(uuid.uuid4(), LID, booking_id, owner, T0)


def decline(booking_id: uuid.UUID, owner: uuid.UUID = OWNER) -> DeclineBooking:
    return DeclineBooking(uuid.uuid4(), LID, booking_id, owner, "Déjà prêtée", T0)


def cancel(booking_id: uuid.UUID, who: uuid.UUID = BORROWER, reason: str = "Plus besoin"):  # type: ignore[no-untyped-def]
    return CancelBooking(uuid.uuid4(), LID, booking_id, who, reason, T0)


def picked_up(booking_id: uuid.UUID, who: uuid.UUID = BORROWER) -> MarkPickedUp:
    return MarkPickedUp(uuid.uuid4(), LID, booking_id, who, T0)


def returned(booking_id: uuid.UUID, who: uuid.UUID = OWNER) -> MarkReturned:
    return MarkReturned(uuid.uuid4(), LID, booking_id, who, T0)


def remind(booking_id: uuid.UUID, at: datetime) -> RemindBooking:
    return RemindBooking(uuid.uuid4(), LID, booking_id, at)


def block(start: int, end: int, who: uuid.UUID = OWNER) -> BlockDates:
    return BlockDates(uuid.uuid4(), LID, who, day(start), day(end), "Vacances", T0, LOAN)


def run(history: list[Any], command: Any) -> list[Any]:
    """`history` followed by what `command` decides on it."""
    return [*history, *decide_calendar(command, fold(history))]
