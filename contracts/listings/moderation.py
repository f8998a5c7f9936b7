"""Listings contracts of moderation: members report a listing, enough reports hide it, a
moderator restores or removes it. Declared in contracts.listings; every event here goes in the
moderation log of each neighbourhood where the listing is shown (MODERATION_EVENTS).

A report's reason is written by the reporter: sealed with the reporter's key, shown to the
moderators only. A moderator's reason is about the listing and its author: sealed with the
author's key. Who decided is the event's metadata `actor`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from marshmallow import validate

from ..fields import contract_of, count, text
from ..pii import pii

MAX_REASON = 500
REASON = validate.Length(min=1, max=MAX_REASON)
REPORTS_TO_HIDE = 3
"""Reports from different members that hide a listing until a moderator decides."""
DECISIONS = ("restore", "remove")


@dataclass(frozen=True)
class ListingReported:
    """A member reported the listing, saying why (once per member and listing)."""

    listing_id: uuid.UUID
    report_id: uuid.UUID
    reporter_id: uuid.UUID
    reason: str
    reported_at: datetime


@dataclass(frozen=True)
class ListingHidden:
    """`reports` open reports from different members hid the listing pending a moderator;
    recorded by the system."""

    listing_id: uuid.UUID
    reports: int
    hidden_at: datetime


@dataclass(frozen=True)
class ListingRestored:
    """A moderator of `neighbourhood_id` put the listing back; its open reports are settled."""

    listing_id: uuid.UUID
    neighbourhood_id: uuid.UUID
    author_id: uuid.UUID
    reason: str
    restored_at: datetime


@dataclass(frozen=True)
class ListingRemoved:
    """A moderator of `neighbourhood_id` removed the listing for good, saying why."""

    listing_id: uuid.UUID
    neighbourhood_id: uuid.UUID
    author_id: uuid.UUID
    reason: str
    removed_at: datetime


LISTING_REPORTED = contract_of("listings", ListingReported, "reporter_id", reason=pii(text(REASON)))
LISTING_HIDDEN = contract_of("listings", ListingHidden, reports=count(validate.Range(min=1)))
LISTING_RESTORED = contract_of("listings", ListingRestored, "author_id", reason=pii(text(REASON)))
LISTING_REMOVED = contract_of("listings", ListingRemoved, "author_id", reason=pii(text(REASON)))
