"""A lent item's calendar, rebuilt from its stream (listings.calendar-<listing_id>): the owner's
blocked periods and every booking of the item with its state. What it decides on a command:
bookings.py.

A period is counted in half-days: each day has a morning and an afternoon slot, so that a
booking may start after lunch or end at noon and another may take the rest of that day. A
booking holds its slots while it is requested, accepted or picked up (overdue or not); a
declined, cancelled or returned booking frees them. Two holding bookings never share a slot.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import reduce
from typing import Any

from contracts.listings.bookings import (
    BookingAccepted,
    BookingCancelled,
    BookingDeclined,
    BookingOverdue,
    BookingPickedUp,
    BookingReminded,
    BookingRequested,
    BookingReturned,
    CalendarEvent,
    DatesBlocked,
    DatesUnblocked,
)

REQUESTED = "requested"
ACCEPTED = "accepted"
DECLINED = "declined"
CANCELLED = "cancelled"
PICKED_UP = "picked_up"
RETURNED = "returned"
STATUSES = (REQUESTED, ACCEPTED, DECLINED, CANCELLED, PICKED_UP, RETURNED)
HOLDING = (REQUESTED, ACCEPTED, PICKED_UP)
"""The statuses in which a booking keeps its dates from every other booking."""


def calendar_stream(listing_id: uuid.UUID) -> str:
    return f"listings.calendar-{listing_id}"


def slots(start: date, end: date, starts_afternoon: bool, ends_at_noon: bool) -> range:
    """The half-days a period covers, in order (empty when it ends before it starts)."""
    first = 2 * start.toordinal() + (1 if starts_afternoon else 0)
    last = 2 * end.toordinal() + (0 if ends_at_noon else 1)
    return range(first, last + 1)


def meet(a: range, b: range) -> bool:
    return a.start < b.stop and b.start < a.stop


@dataclass(frozen=True)
class Block:
    block_id: uuid.UUID
    start: date
    end: date

    @property
    def slots(self) -> range:
        return slots(self.start, self.end, False, False)


@dataclass(frozen=True)
class Booking:
    booking_id: uuid.UUID
    listing_id: uuid.UUID
    owner_id: uuid.UUID
    borrower_id: uuid.UUID
    start: date
    end: date
    starts_afternoon: bool
    ends_at_noon: bool
    status: str = REQUESTED
    reminded: frozenset[str] = frozenset()
    overdue: bool = False

    @property
    def slots(self) -> range:
        return slots(self.start, self.end, self.starts_afternoon, self.ends_at_noon)

    @property
    def holding(self) -> bool:
        return self.status in HOLDING

    def party(self, resident_id: uuid.UUID) -> bool:
        return resident_id in (self.owner_id, self.borrower_id)

    def said(self) -> dict[str, Any]:
        """What every event about this booking repeats."""
        return {
            "booking_id": self.booking_id,
            "listing_id": self.listing_id,
            "owner_id": self.owner_id,
            "borrower_id": self.borrower_id,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class Calendar:
    """`blocks`: the owner's periods still blocked; `bookings`: every booking ever requested."""

    blocks: Mapping[uuid.UUID, Block] = field(default_factory=dict)
    bookings: Mapping[uuid.UUID, Booking] = field(default_factory=dict)
    blocked_by: Mapping[uuid.UUID, uuid.UUID] = field(default_factory=dict)

    def holding(self) -> list[Booking]:
        return [b for b in self.bookings.values() if b.holding]

    def clash(self, taken: range) -> Booking | None:
        """The first holding booking sharing a half-day with `taken`."""
        return next((b for b in self.holding() if meet(b.slots, taken)), None)

    def blocked(self, taken: range) -> Block | None:
        return next((b for b in self.blocks.values() if meet(b.slots, taken)), None)

    def open_bookings_of(self, borrower_id: uuid.UUID) -> int:
        return sum(1 for b in self.holding() if b.borrower_id == borrower_id)


NO_CALENDAR = Calendar()


def _booking(state: Calendar, booking: Booking) -> Calendar:
    return replace(state, bookings={**state.bookings, booking.booking_id: booking})


def _moved(state: Calendar, booking_id: uuid.UUID, status: str) -> Calendar:
    return _booking(state, replace(state.bookings[booking_id], status=status))


def evolve(state: Calendar, event: CalendarEvent) -> Calendar:
    match event:
        case DatesBlocked():
            block = Block(event.block_id, event.start, event.end)
            return replace(
                state,
                blocks={**state.blocks, event.block_id: block},
                blocked_by={**state.blocked_by, event.block_id: event.owner_id},
            )
        case DatesUnblocked():
            blocks = {k: v for k, v in state.blocks.items() if k != event.block_id}
            return replace(state, blocks=blocks)
        case BookingRequested():
            return _booking(
                state,
                Booking(
                    event.booking_id,
                    event.listing_id,
                    event.owner_id,
                    event.borrower_id,
                    event.start,
                    event.end,
                    event.starts_afternoon,
                    event.ends_at_noon,
                ),
            )
        case BookingAccepted():
            return _moved(state, event.booking_id, ACCEPTED)
        case BookingDeclined():
            return _moved(state, event.booking_id, DECLINED)
        case BookingCancelled():
            return _moved(state, event.booking_id, CANCELLED)
        case BookingPickedUp():
            return _moved(state, event.booking_id, PICKED_UP)
        case BookingReturned():
            return _moved(state, event.booking_id, RETURNED)
        case BookingOverdue():
            return _booking(state, replace(state.bookings[event.booking_id], overdue=True))
        case BookingReminded():
            booking = state.bookings[event.booking_id]
            reminded = booking.reminded | {event.reminder}
            return _booking(state, replace(booking, reminded=reminded))
    return state


def fold(events: Iterable[CalendarEvent]) -> Calendar:
    return reduce(evolve, events, NO_CALENDAR)


FOLDS = {"listings.calendar": fold}
"""The calendar's fold by stream category, for the audit's --as-of (beside listings' own FOLDS)."""
