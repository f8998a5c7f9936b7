"""Contracts of the listings context: listings, their photos, responses and reports.

Streams:
- `listings.listing-<listing_id>`: one listing's life, its responses and its reports
  (ListingEvent). Its expected version serialises whatever involves the listing: two responses
  from one member, the third report against a moderator's decision.
- `listings.author-<author_id>`: the author's postings (PostingRecorded), which hold the daily
  limits; appended before the listing's stream under the same command.
- `listings.photo-<photo_id>`: a photo's upload and deletion (PhotoEvent); the image itself is
  stored outside the log.
- `listings.trip-<listing_id>`: a transport listing's seats (TripEvent, trips.py);
  `listings.purchase-<listing_id>`: a group purchase's pledges (PurchaseEvent, purchases.py).

Personal data: the texts and details of a listing are the author's, sealed with the author's
key; a response's message is the responder's; a report's reason is the reporter's; a moderator's
reason is about the author and sealed with the author's key. The person who acted is the event's
metadata `actor` ("resident:<uuid>", or "system:listings").

Who may post, respond or report where is learned from the neighbourhoods context's events and
comes into commands as facts; the domain reads nothing. MODERATION_EVENTS are the events that
go into the moderation log of each neighbourhood where the listing is shown. The dataclasses
and their contracts live in the sibling modules; this module gathers them.
"""

from __future__ import annotations

from ..registry import EventContract
from .authors import POSTING_RECORDED, PostingRecorded
from .bookings import CALENDAR_CONTRACTS, CALENDAR_FEED_ISSUED
from .giveaways import RECIPIENT_CHOSEN, RecipientChosen
from .listings import (
    LISTING_CLOSED,
    LISTING_EDITED,
    LISTING_EXPIRED,
    LISTING_PUBLISHED,
    LISTING_RENEWED,
    LISTING_REOPENED,
    LISTING_WITHDRAWN,
    ListingClosed,
    ListingEdited,
    ListingExpired,
    ListingPublished,
    ListingRenewed,
    ListingReopened,
    ListingWithdrawn,
)
from .moderation import (
    LISTING_HIDDEN,
    LISTING_REMOVED,
    LISTING_REPORTED,
    LISTING_RESTORED,
    ListingHidden,
    ListingRemoved,
    ListingReported,
    ListingRestored,
)
from .photos import PHOTO_DELETED, PHOTO_UPLOADED, PhotoDeleted, PhotoUploaded
from .purchases import (
    PLEDGE_CHANGED,
    PLEDGE_MADE,
    PLEDGE_WITHDRAWN,
    PURCHASE_CONFIRMED,
    PURCHASE_LAPSED,
    PledgeChanged,
    PledgeMade,
    PledgeWithdrawn,
    PurchaseConfirmed,
    PurchaseEvent,
    PurchaseLapsed,
)
from .responses import RESPONDER_CHOSEN, RESPONSE_SENT, ResponderChosen, ResponseSent
from .trips import (
    SEAT_BOOKED,
    SEAT_CANCELLED,
    TRIP_CANCELLED,
    TRIP_OCCURRENCE_CANCELLED,
    SeatBooked,
    SeatCancelled,
    TripCancelled,
    TripEvent,
    TripOccurrenceCancelled,
)

__all__ = [
    "CONTRACTS",
    "MODERATION_EVENTS",
    "ListingClosed",
    "ListingEdited",
    "ListingEvent",
    "ListingExpired",
    "ListingHidden",
    "ListingPublished",
    "ListingRemoved",
    "ListingRenewed",
    "ListingReopened",
    "ListingReported",
    "ListingRestored",
    "ListingWithdrawn",
    "PhotoDeleted",
    "PhotoEvent",
    "PhotoUploaded",
    "PledgeChanged",
    "PledgeMade",
    "PledgeWithdrawn",
    "PostingRecorded",
    "PurchaseConfirmed",
    "PurchaseEvent",
    "PurchaseLapsed",
    "RecipientChosen",
    "ResponderChosen",
    "ResponseSent",
    "SeatBooked",
    "SeatCancelled",
    "TripCancelled",
    "TripEvent",
    "TripOccurrenceCancelled",
]

CONTRACTS: tuple[EventContract, ...] = (
    LISTING_PUBLISHED,
    LISTING_EDITED,
    LISTING_CLOSED,
    LISTING_REOPENED,
    LISTING_RENEWED,
    LISTING_EXPIRED,
    LISTING_WITHDRAWN,
    RESPONSE_SENT,
    RESPONDER_CHOSEN,
    LISTING_REPORTED,
    LISTING_HIDDEN,
    LISTING_RESTORED,
    LISTING_REMOVED,
    POSTING_RECORDED,
    PHOTO_UPLOADED,
    PHOTO_DELETED,
    *CALENDAR_CONTRACTS,
    CALENDAR_FEED_ISSUED,
    RECIPIENT_CHOSEN,
    SEAT_BOOKED,
    SEAT_CANCELLED,
    TRIP_OCCURRENCE_CANCELLED,
    TRIP_CANCELLED,
    PLEDGE_MADE,
    PLEDGE_CHANGED,
    PLEDGE_WITHDRAWN,
    PURCHASE_CONFIRMED,
    PURCHASE_LAPSED,
)

MODERATION_EVENTS: tuple[str, ...] = tuple(
    contract.type for contract in (LISTING_HIDDEN, LISTING_RESTORED, LISTING_REMOVED)
)
"""Event types that go in the moderation log of each neighbourhood where the listing is shown:
a listing hidden by reports, and a moderator's decision on it. Reports themselves are shown to
moderators only (their reasons are the reporters')."""

ListingEvent = (
    ListingPublished
    | ListingEdited
    | ListingClosed
    | ListingReopened
    | ListingRenewed
    | ListingExpired
    | ListingWithdrawn
    | ResponseSent
    | ResponderChosen
    | ListingReported
    | ListingHidden
    | ListingRestored
    | ListingRemoved
    | RecipientChosen
)
"""Every event of a listing's stream."""

PhotoEvent = PhotoUploaded | PhotoDeleted
"""Every event of a photo's stream."""
