"""Listings contracts of an author's postings, the stream that holds the limits against abuse.
Declared in contracts.listings.

Stream `listings.author-<author_id>`: one PostingRecorded per listing published, appended before
the listing's own stream with the version read, so that the daily limits hold even when one
author posts from several devices at once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from marshmallow import fields, validate

from ..fields import contract_of, one_of
from .categories import CATEGORIES

LISTINGS_PER_DAY = 20
"""New listings a resident may publish within POSTING_WINDOW."""
ALERTS_PER_DAY = 3
"""Alerts a resident may publish in one neighbourhood within POSTING_WINDOW."""
POSTING_WINDOW = timedelta(days=1)


@dataclass(frozen=True)
class PostingRecorded:
    """The author published `listing_id` in `neighbourhood_ids`, counted against their limits."""

    author_id: uuid.UUID
    listing_id: uuid.UUID
    neighbourhood_ids: list[uuid.UUID]
    category: str
    posted_at: datetime


POSTING_RECORDED = contract_of(
    "listings",
    PostingRecorded,
    "author_id",
    neighbourhood_ids=fields.List(
        fields.UUID(), required=True, validate=validate.Length(min=1, max=10)
    ),
    category=one_of(CATEGORIES),
)
