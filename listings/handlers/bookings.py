"""Where the calendar commands are decided (the lent item's calendar stream, a resident's feed
stream), and the facts of the item's listing they carry, read from the listing's own stream.

The listing is read before the calendar is decided: a listing closed between the two reads
still takes the booking being decided, as it would have a moment earlier.
"""

from __future__ import annotations

import uuid
from typing import Any

from listings.commands.bookings import NOTHING, Item
from listings.domain.bookings import decide_calendar
from listings.domain.calendar import NO_CALENDAR, Calendar, calendar_stream, evolve, fold
from listings.domain.feed import NO_FEED, Feed, decide_feed, evolve_feed, feed_stream, fold_feed
from listings.domain.listing import Listing
from listings.domain.visibility import can_see
from services.runtime.aggregates import Aggregate, Table

# A loan's calendar only grows, every booking and block of it for good: each command reads only
# what came since the last (services/eventstore/folds.py).
CALENDAR = Aggregate(
    lambda command: calendar_stream(command.listing_id),
    NO_CALENDAR,
    evolve,
    decide_calendar,
    remembered=True,
)
FEED = Aggregate(
    lambda command: feed_stream(command.resident_id), NO_FEED, evolve_feed, decide_feed
)


def item(listing: Listing, viewer_id: uuid.UUID, member_of: frozenset[uuid.UUID]) -> Item:
    """What a calendar command needs of `listing`, as `viewer_id` may see it."""
    if not listing.exists or not can_see(listing, viewer_id, member_of):
        return NOTHING
    details: Any = listing.details or {}
    price, deposit = details.get("price_per_day"), details.get("deposit")
    return Item(
        visible=True,
        owner_id=listing.author_id,
        kind=listing.kind,
        category=listing.category,
        open=listing.is_open and not listing.hidden,
        price_per_day=None if price is None else str(price),
        deposit=None if deposit is None else str(deposit),
    )


def calendar(streams: Table, listing_id: uuid.UUID) -> Calendar:
    return fold(streams.read(calendar_stream(listing_id))[1])


def feed(streams: Table, resident_id: uuid.UUID) -> Feed:
    return fold_feed(streams.read(feed_stream(resident_id))[1])
