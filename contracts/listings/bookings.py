"""Listings contracts of the bookings of a loan or a rental, and of a resident's calendar feed.
Declared in contracts.listings.

A lent item's calendar is the stream `listings.calendar-<listing_id>`: the owner's blocked dates
and every booking of the item, so that one expected version serialises whatever could make two
bookings overlap. A period runs from `start` to `end` (dates, both included); a booking may
begin in the afternoon of its first day (`starts_afternoon`) and end at noon on its last
(`ends_at_noon`): half-days.

A booking request's message is the borrower's (sealed with the borrower's key); a decline's
reason the owner's; a cancellation's reason is sealed with the key of whoever cancelled; a
block's reason (holidays, repair) the owner's. A rental's price for the period and its deposit
are recorded as the listing said them when it was requested: they are paid outside the
platform.

A resident's calendar feed (`listings.feed-<resident_id>`) holds the private token of their
iCalendar URL: sealed with the resident's key, so that an erasure ends the feed, and its hash,
by which the feed is found (docs/decisions/0019).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from marshmallow import fields, validate

from ..fields import contract_of, one_of, text
from ..pii import pii
from .moderation import MAX_REASON
from .responses import MAX_MESSAGE

MAX_BOOKING_DAYS = 60
"""A booking covers at most this many days."""
MAX_AHEAD_DAYS = 365
"""A booking or a block starts within this many days from today."""
MAX_OPEN_BOOKINGS = 2
"""A borrower holds at most this many open bookings (pending, accepted or picked up) of one item."""
MAX_BLOCK_DAYS = 366
REMINDERS = ("pickup", "return")
"""A reminder is sent the day before pickup, and the day before the item goes back."""

MESSAGE = validate.Length(min=1, max=MAX_MESSAGE)
REASON = validate.Length(min=1, max=MAX_REASON)
MONEY = validate.Regexp(r"^\d{1,7}(\.\d{1,2})?$")


def _date() -> fields.Date:
    return fields.Date(required=True)


def _half() -> fields.Boolean:
    return fields.Boolean(required=True)


def _money() -> fields.String:
    return fields.String(required=True, allow_none=True, validate=MONEY)


@dataclass(frozen=True)
class DatesBlocked:
    """The owner keeps the item from `start` to `end` (holidays, repair)."""

    listing_id: uuid.UUID
    owner_id: uuid.UUID
    block_id: uuid.UUID
    start: date
    end: date
    reason: str | None
    blocked_at: datetime


@dataclass(frozen=True)
class DatesUnblocked:
    listing_id: uuid.UUID
    owner_id: uuid.UUID
    block_id: uuid.UUID
    unblocked_at: datetime


@dataclass(frozen=True)
class BookingRequested:
    """A member asks to borrow (or rent) the item for a period. `price`: a rental's price for
    the period (euros, as text), `deposit` its deposit; None for a loan."""

    booking_id: uuid.UUID
    listing_id: uuid.UUID
    owner_id: uuid.UUID
    borrower_id: uuid.UUID
    start: date
    end: date
    starts_afternoon: bool
    ends_at_noon: bool
    message: str | None
    category: str
    price: str | None
    deposit: str | None
    requested_at: datetime


@dataclass(frozen=True)
class BookingAccepted:
    booking_id: uuid.UUID
    listing_id: uuid.UUID
    owner_id: uuid.UUID
    borrower_id: uuid.UUID
    start: date
    end: date
    accepted_at: datetime


@dataclass(frozen=True)
class BookingDeclined:
    booking_id: uuid.UUID
    listing_id: uuid.UUID
    owner_id: uuid.UUID
    borrower_id: uuid.UUID
    start: date
    end: date
    reason: str | None
    declined_at: datetime


@dataclass(frozen=True)
class BookingCancelled:
    """Either side calls it off before pickup; the reason is kept."""

    booking_id: uuid.UUID
    listing_id: uuid.UUID
    owner_id: uuid.UUID
    borrower_id: uuid.UUID
    start: date
    end: date
    cancelled_by: uuid.UUID
    reason: str
    cancelled_at: datetime


@dataclass(frozen=True)
class BookingPickedUp:
    booking_id: uuid.UUID
    listing_id: uuid.UUID
    owner_id: uuid.UUID
    borrower_id: uuid.UUID
    start: date
    end: date
    picked_up_at: datetime


@dataclass(frozen=True)
class BookingReturned:
    booking_id: uuid.UUID
    listing_id: uuid.UUID
    owner_id: uuid.UUID
    borrower_id: uuid.UUID
    start: date
    end: date
    returned_at: datetime


@dataclass(frozen=True)
class BookingOverdue:
    """The item was not back by the end of the booking: recorded once, on the clock."""

    booking_id: uuid.UUID
    listing_id: uuid.UUID
    owner_id: uuid.UUID
    borrower_id: uuid.UUID
    start: date
    end: date
    overdue_at: datetime


@dataclass(frozen=True)
class BookingReminded:
    """`reminder`: pickup (the day before it starts) or return (the day before it ends)."""

    booking_id: uuid.UUID
    listing_id: uuid.UUID
    owner_id: uuid.UUID
    borrower_id: uuid.UUID
    start: date
    end: date
    reminder: str
    reminded_at: datetime


@dataclass(frozen=True)
class CalendarFeedIssued:
    """A resident's private calendar URL, first or regenerated: the previous one stops working."""

    resident_id: uuid.UUID
    feed_id: uuid.UUID
    token: str
    token_hash: str
    issued_at: datetime


def _period() -> dict[str, fields.Date]:
    return {"start": _date(), "end": _date()}


DATES_BLOCKED = contract_of(
    "listings",
    DatesBlocked,
    "owner_id",
    **_period(),
    reason=pii(text(REASON, nullable=True)),
)
DATES_UNBLOCKED = contract_of("listings", DatesUnblocked, "owner_id")
BOOKING_REQUESTED = contract_of(
    "listings",
    BookingRequested,
    "borrower_id",
    **_period(),
    starts_afternoon=_half(),
    ends_at_noon=_half(),
    message=pii(text(MESSAGE, nullable=True)),
    category=one_of(("loan", "rental")),
    price=_money(),
    deposit=_money(),
)
BOOKING_ACCEPTED = contract_of("listings", BookingAccepted, "borrower_id", **_period())
BOOKING_DECLINED = contract_of(
    "listings",
    BookingDeclined,
    "borrower_id",
    **_period(),
    reason=pii(text(REASON, nullable=True), subject="owner_id"),
)
BOOKING_CANCELLED = contract_of(
    "listings",
    BookingCancelled,
    "borrower_id",
    **_period(),
    reason=pii(text(REASON), subject="cancelled_by"),
)
BOOKING_PICKED_UP = contract_of("listings", BookingPickedUp, "borrower_id", **_period())
BOOKING_RETURNED = contract_of("listings", BookingReturned, "borrower_id", **_period())
BOOKING_OVERDUE = contract_of("listings", BookingOverdue, "borrower_id", **_period())
BOOKING_REMINDED = contract_of(
    "listings", BookingReminded, "borrower_id", **_period(), reminder=one_of(REMINDERS)
)
CALENDAR_FEED_ISSUED = contract_of(
    "listings",
    CalendarFeedIssued,
    "resident_id",
    token=pii(text(validate.Length(min=20, max=100))),
    token_hash=text(validate.Length(equal=64)),
)

CALENDAR_CONTRACTS = (
    DATES_BLOCKED,
    DATES_UNBLOCKED,
    BOOKING_REQUESTED,
    BOOKING_ACCEPTED,
    BOOKING_DECLINED,
    BOOKING_CANCELLED,
    BOOKING_PICKED_UP,
    BOOKING_RETURNED,
    BOOKING_OVERDUE,
    BOOKING_REMINDED,
)
BookingEvent = (
    BookingRequested
    | BookingAccepted
    | BookingDeclined
    | BookingCancelled
    | BookingPickedUp
    | BookingReturned
    | BookingOverdue
    | BookingReminded
)
CalendarEvent = DatesBlocked | DatesUnblocked | BookingEvent
"""Every event of an item's calendar stream."""
