"""The table every listings command is run by: {command type: its aggregate (stream, initial
state, evolve, decide)}, and Streams, which runs a command through the platform's one command
loop (services/eventstore/handling.py: load the stream, fold it, decide, append with the
version read, decide again after a conflicting append, answer a repeated command as its first
attempt did). Retrying on conflict happens there and nowhere else.
"""

from __future__ import annotations

import uuid
from typing import Any, get_args

from listings.commands import (
    AuthorCommand,
    ListingCommand,
    PhotoCommand,
    RecordPosting,
    Settings,
)
from listings.commands.bookings import CalendarCommand, FeedCommand
from listings.commands.purchases import PurchaseCommand
from listings.commands.trips import TripCommand
from listings.domain.author import (
    NO_POSTINGS,
    Postings,
    author_stream,
    decide_postings,
    evolve_postings,
    fold_postings,
)
from listings.domain.decide import decide
from listings.domain.listing import INITIAL, Listing, evolve, fold, listing_stream
from listings.domain.photo import (
    NO_PHOTO,
    Photo,
    decide_photo,
    evolve_photo,
    fold_photo,
    photo_stream,
)
from listings.domain.purchase import (
    NO_PURCHASE,
    decide_purchase,
    evolve_purchase,
    purchase_stream,
)
from listings.domain.trip import NO_TRIP, decide_trip, evolve_trip, trip_stream
from listings.handlers.bookings import CALENDAR, FEED
from services.runtime.aggregates import Aggregate, Timed

SYSTEM = "system:listings"
Command = (
    ListingCommand
    | AuthorCommand
    | PhotoCommand
    | CalendarCommand
    | FeedCommand
    | TripCommand
    | PurchaseCommand
)


def resident_actor(resident_id: uuid.UUID) -> str:
    return f"resident:{resident_id}"


# A publication and an upload name no id of their own: they derive it from their command id.
LISTING = Aggregate(lambda command: listing_stream(command.listing_id), INITIAL, evolve, decide)
# An author's postings only grow, one per listing for good: each publication reads only those
# since the last (services/eventstore/folds.py).
AUTHOR = Aggregate(
    lambda command: author_stream(command.author_id),
    NO_POSTINGS,
    evolve_postings,
    decide_postings,
    remembered=True,
)
PHOTO = Aggregate(
    lambda command: photo_stream(command.photo_id), NO_PHOTO, evolve_photo, decide_photo
)
# A trip's seats and a purchase's pledges are each on a stream of their own, keyed by the listing.
# Both only grow (a recurring trip's seats, date after date, for good) and their states hold ids,
# counts and dates in read-only mappings: remembered like the postings (docs/decisions/0072).
TRIP = Aggregate(
    lambda command: trip_stream(command.listing_id),
    NO_TRIP,
    evolve_trip,
    decide_trip,
    remembered=True,
)
PURCHASE = Aggregate(
    lambda command: purchase_stream(command.listing_id),
    NO_PURCHASE,
    evolve_purchase,
    decide_purchase,
    remembered=True,
)
HANDLERS: dict[type[Any], Aggregate] = {
    **{command: LISTING for command in get_args(ListingCommand)},
    RecordPosting: AUTHOR,
    **{command: PHOTO for command in get_args(PhotoCommand)},
    **{command: CALENDAR for command in get_args(CalendarCommand)},
    FeedCommand: FEED,
    **{command: TRIP for command in get_args(TripCommand)},
    **{command: PURCHASE for command in get_args(PurchaseCommand)},
}


class Streams(Timed[Settings]):
    """Commands run on one event store, at the time `clock` says, under `settings`; each
    command's ids are made from its own command id."""

    handlers = HANDLERS
    defaults = Settings

    def listing(self, listing_id: uuid.UUID) -> Listing:
        """The listing as its stream says now (INITIAL when there is no such stream)."""
        return fold(self.read(listing_stream(listing_id))[1])

    def postings(self, author_id: uuid.UUID) -> Postings:
        """The author's postings, as their stream says now."""
        return fold_postings(self.read(author_stream(author_id))[1])

    def photo(self, photo_id: uuid.UUID) -> Photo:
        return fold_photo(self.read(photo_stream(photo_id))[1])
