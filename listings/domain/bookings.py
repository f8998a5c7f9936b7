"""What a lent item's calendar (calendar.py) decides on a command: a booking requested,
answered, cancelled, picked up and returned, the reminders due on the clock, the owner's blocked
dates. Pure: time, ids and what the listing says (commands.bookings.Item) come in the command.

A booking is refused when it shares a half-day with another booking still holding its dates
(booking_overlaps, naming that booking's dates) or with a blocked period (dates_blocked): the
calendar's stream is appended with the version read, so of two requests made at once for the
same dates the second is decided again on the first's outcome, and refused.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from contracts.listings.bookings import (
    MAX_AHEAD_DAYS,
    MAX_BOOKING_DAYS,
    MAX_OPEN_BOOKINGS,
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
from listings.commands.bookings import (
    AcceptBooking,
    BlockDates,
    CalendarCommand,
    CancelBooking,
    DeclineBooking,
    Item,
    MarkPickedUp,
    MarkReturned,
    RemindBooking,
    RequestBooking,
    UnblockDates,
)
from listings.domain import texts
from listings.domain.calendar import ACCEPTED, PICKED_UP, REQUESTED, Booking, Calendar, slots
from listings.domain.errors import ListingNotOpen, NotTheAuthor, OwnListing, UnknownListing
from listings.domain.exchange_errors import (
    BlockedDates,
    BookingNotAccepted,
    BookingNotCancellable,
    BookingNotPending,
    BookingNotPickedUp,
    BookingOverlaps,
    InvalidPeriod,
    NotBookable,
    TooManyBookings,
    UnknownBlock,
    UnknownBooking,
)

BOOKABLE = ("loan", "rental")
CENT = Decimal("0.01")


def decide_calendar(command: CalendarCommand, state: Calendar) -> list[CalendarEvent]:
    """The events that `command` leads to, given the item's calendar."""
    match command:
        case RequestBooking():
            return request(command, state)
        case AcceptBooking():
            booking = _answerable(state, command.booking_id, command.owner_id)
            return [BookingAccepted(**booking.said(), accepted_at=command.at)]
        case DeclineBooking():
            booking = _answerable(state, command.booking_id, command.owner_id)
            reason = _optional(command.reason, texts.reason)
            said = booking.said()
            return [BookingDeclined(**said, reason=reason, declined_at=command.at)]
        case CancelBooking():
            return cancel(command, state)
        case MarkPickedUp():
            booking = _of_party(state, command.booking_id, command.resident_id)
            if booking.status != ACCEPTED:
                raise BookingNotAccepted("only an accepted booking is picked up")
            return [BookingPickedUp(**booking.said(), picked_up_at=command.at)]
        case MarkReturned():
            booking = _owned(state, command.booking_id, command.owner_id)
            if booking.status != PICKED_UP:
                raise BookingNotPickedUp("only an item picked up comes back")
            return [BookingReturned(**booking.said(), returned_at=command.at)]
        case RemindBooking():
            return remind(command, state)
        case BlockDates():
            return block(command, state)
        case UnblockDates():
            return unblock(command, state)
    raise TypeError(f"not a calendar command: {type(command).__name__}")


def request(command: RequestBooking, state: Calendar) -> list[CalendarEvent]:
    item = command.item
    owner = _bookable(item, command.borrower_id)
    if owner == command.borrower_id:
        raise OwnListing("this is your own item")
    taken = _period(command.start, command.end, command.starts_afternoon, command.ends_at_noon)
    _within(command.start, command.end, command)
    message = _optional(command.message, texts.message)
    if state.open_bookings_of(command.borrower_id) >= MAX_OPEN_BOOKINGS:
        raise TooManyBookings(f"at most {MAX_OPEN_BOOKINGS} open bookings of one item")
    _free(state, taken)
    days = (len(taken) + 1) // 2
    price = deposit = None
    if item.category == "rental" and item.price_per_day is not None:
        price = str((Decimal(item.price_per_day) * days).quantize(CENT))
        deposit = None if item.deposit is None else str(Decimal(item.deposit).quantize(CENT))
    requested = BookingRequested(
        booking_id=command.booking_id,
        listing_id=command.listing_id,
        owner_id=owner,
        borrower_id=command.borrower_id,
        start=command.start,
        end=command.end,
        starts_afternoon=command.starts_afternoon,
        ends_at_noon=command.ends_at_noon,
        message=message,
        category=item.category,
        price=price,
        deposit=deposit,
        requested_at=command.at,
    )
    return [requested]


def cancel(command: CancelBooking, state: Calendar) -> list[CalendarEvent]:
    booking = _of_party(state, command.booking_id, command.resident_id)
    if booking.status not in (REQUESTED, ACCEPTED):
        raise BookingNotCancellable("only a booking not picked up yet is cancelled")
    reason = texts.reason(command.reason)
    cancelled = BookingCancelled(
        **booking.said(),
        cancelled_by=command.resident_id,
        reason=reason,
        cancelled_at=command.at,
    )
    return [cancelled]


def remind(command: RemindBooking, state: Calendar) -> list[CalendarEvent]:
    """Each reminder once, on the day before (or the day of, when the clock ran late), and the
    overdue notice once the return day has passed without the item back."""
    booking = state.bookings.get(command.booking_id)
    if booking is None:
        return []
    today = command.at.date()
    said: dict[str, Any] = booking.said()
    due: list[CalendarEvent] = []
    if booking.status == ACCEPTED and _eve(booking.start, today, booking.reminded, "pickup"):
        due.append(BookingReminded(**said, reminder="pickup", reminded_at=command.at))
    if booking.status == PICKED_UP:
        if _eve(booking.end, today, booking.reminded, "return"):
            due.append(BookingReminded(**said, reminder="return", reminded_at=command.at))
        if not booking.overdue and today > booking.end:
            due.append(BookingOverdue(**said, overdue_at=command.at))
    return due


def _eve(day: Any, today: Any, reminded: frozenset[str], reminder: str) -> bool:
    """True on the day before `day`, or on `day` itself, when `reminder` was not sent yet."""
    return reminder not in reminded and day - timedelta(days=1) <= today <= day


def block(command: BlockDates, state: Calendar) -> list[CalendarEvent]:
    owner = _bookable(command.item, command.owner_id)
    if owner != command.owner_id:
        raise NotTheAuthor("only the owner blocks dates")
    taken = _period(command.start, command.end, False, False)
    _within(command.start, command.end, command, started=True)
    reason = _optional(command.reason, texts.reason)
    clash = state.clash(taken)
    if clash is not None:
        raise BookingOverlaps("a booking holds these dates", clash.start, clash.end)
    blocked = DatesBlocked(
        command.listing_id, owner, command.block_id, command.start, command.end, reason, command.at
    )
    return [blocked]


def unblock(command: UnblockDates, state: Calendar) -> list[CalendarEvent]:
    if command.block_id not in state.blocks:
        raise UnknownBlock("no such blocked period")
    if state.blocked_by.get(command.block_id) != command.owner_id:
        raise NotTheAuthor("only the owner unblocks dates")
    return [DatesUnblocked(command.listing_id, command.owner_id, command.block_id, command.at)]


def _bookable(item: Item, actor: Any) -> Any:
    """The item's owner, once it is known to be an open loan or rental offer `actor` may see."""
    if not item.visible or item.owner_id is None:
        raise UnknownListing("no such listing")
    if item.kind != "offer" or item.category not in BOOKABLE:
        raise NotBookable("only a loan or a rental offer is booked")
    if not item.open:
        raise ListingNotOpen("only an open listing is booked")
    return item.owner_id


def _period(start: Any, end: Any, afternoon: bool, noon: bool) -> range:
    taken = slots(start, end, afternoon, noon)
    if not taken:
        raise InvalidPeriod("a period ends after it starts")
    return taken


def _within(start: Any, end: Any, command: Any, started: bool = False) -> None:
    """Starting today or later (a block may have started already), within MAX_AHEAD_DAYS, at
    most MAX_BOOKING_DAYS long."""
    today = command.at.date()
    first = end if started else start
    if first < today or start > today + timedelta(days=MAX_AHEAD_DAYS):
        raise InvalidPeriod(f"a period starts today or within {MAX_AHEAD_DAYS} days")
    if (end - start).days + 1 > MAX_BOOKING_DAYS:
        raise InvalidPeriod(f"a period lasts at most {MAX_BOOKING_DAYS} days")


def _free(state: Calendar, taken: range) -> None:
    blocked = state.blocked(taken)
    if blocked is not None:
        raise BlockedDates("the owner keeps the item then", blocked.start, blocked.end)
    clash = state.clash(taken)
    if clash is not None:
        raise BookingOverlaps("another booking holds these dates", clash.start, clash.end)


def _optional(text: str | None, check: Any) -> str | None:
    if text is None or not text.strip():
        return None
    cleaned: str = check(text)
    return cleaned


def _of_party(state: Calendar, booking_id: Any, resident_id: Any) -> Booking:
    booking = state.bookings.get(booking_id)
    if booking is None or not booking.party(resident_id):
        raise UnknownBooking("no such booking")
    return booking


def _owned(state: Calendar, booking_id: Any, owner_id: Any) -> Booking:
    booking = _of_party(state, booking_id, owner_id)
    if booking.owner_id != owner_id:
        raise NotTheAuthor("only the owner answers a booking")
    return booking


def _answerable(state: Calendar, booking_id: Any, owner_id: Any) -> Booking:
    booking = _owned(state, booking_id, owner_id)
    if booking.status != REQUESTED:
        raise BookingNotPending("this booking was answered already")
    return booking
