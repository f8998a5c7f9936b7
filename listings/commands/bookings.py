"""Commands on a lent item's calendar (stream listings.calendar-<listing_id>) and on a
resident's calendar feed (stream listings.feed-<resident_id>).

What the item's listing says (its owner, category, whether it is open and visible to the
actor, a rental's prices) is read from the listing's stream by the handler and comes in as
`item`; the domain reads nothing. Every command carries its `command_id` (a booking's and a
block's ids are derived from it) and `at`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Item:
    """A listing as a calendar command needs it. `visible`: the actor may see it (a listing
    that does not exist is not visible); `price_per_day` and `deposit`: a rental's, in euros."""

    visible: bool
    owner_id: uuid.UUID | None
    kind: str
    category: str
    open: bool
    price_per_day: str | None = None
    deposit: str | None = None


NOTHING = Item(visible=False, owner_id=None, kind="", category="", open=False)


@dataclass(frozen=True)
class RequestBooking:
    """Ask to borrow the item from `start` to `end` (both included); half-days: from the
    afternoon of `start`, until noon on `end`."""

    command_id: uuid.UUID
    listing_id: uuid.UUID
    borrower_id: uuid.UUID
    start: date
    end: date
    starts_afternoon: bool
    ends_at_noon: bool
    message: str | None
    at: datetime
    item: Item

    @property
    def booking_id(self) -> uuid.UUID:
        return uuid.uuid5(self.command_id, "booking")


@dataclass(frozen=True)
class AcceptBooking:
    command_id: uuid.UUID
    listing_id: uuid.UUID
    booking_id: uuid.UUID
    owner_id: uuid.UUID
    at: datetime


@dataclass(frozen=True)
class DeclineBooking:
    command_id: uuid.UUID
    listing_id: uuid.UUID
    booking_id: uuid.UUID
    owner_id: uuid.UUID
    reason: str | None
    at: datetime


@dataclass(frozen=True)
class CancelBooking:
    """Either side, before pickup; `resident_id` is whoever cancels."""

    command_id: uuid.UUID
    listing_id: uuid.UUID
    booking_id: uuid.UUID
    resident_id: uuid.UUID
    reason: str
    at: datetime


@dataclass(frozen=True)
class MarkPickedUp:
    """Either side says the item changed hands."""

    command_id: uuid.UUID
    listing_id: uuid.UUID
    booking_id: uuid.UUID
    resident_id: uuid.UUID
    at: datetime


@dataclass(frozen=True)
class MarkReturned:
    """The owner says the item is back."""

    command_id: uuid.UUID
    listing_id: uuid.UUID
    booking_id: uuid.UUID
    owner_id: uuid.UUID
    at: datetime


@dataclass(frozen=True)
class RemindBooking:
    """Issued by the system on the clock: records the reminders and the overdue notice due at
    `at`, each once; nothing when none is due."""

    command_id: uuid.UUID
    listing_id: uuid.UUID
    booking_id: uuid.UUID
    at: datetime


@dataclass(frozen=True)
class BlockDates:
    command_id: uuid.UUID
    listing_id: uuid.UUID
    owner_id: uuid.UUID
    start: date
    end: date
    reason: str | None
    at: datetime
    item: Item

    @property
    def block_id(self) -> uuid.UUID:
        return uuid.uuid5(self.command_id, "block")


@dataclass(frozen=True)
class UnblockDates:
    command_id: uuid.UUID
    listing_id: uuid.UUID
    block_id: uuid.UUID
    owner_id: uuid.UUID
    at: datetime


@dataclass(frozen=True)
class IssueCalendarFeed:
    """Give the resident a calendar URL holding `token` (random, chosen by the caller): only
    when they have none, unless `renew`, which replaces the one they have."""

    command_id: uuid.UUID
    resident_id: uuid.UUID
    token: str
    renew: bool
    at: datetime


CalendarCommand = (
    RequestBooking
    | AcceptBooking
    | DeclineBooking
    | CancelBooking
    | MarkPickedUp
    | MarkReturned
    | RemindBooking
    | BlockDates
    | UnblockDates
)
FeedCommand = IssueCalendarFeed
