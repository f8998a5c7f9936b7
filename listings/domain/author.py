"""An author's postings (stream `listings.author-<author_id>`): one PostingRecorded per listing
published, appended before the listing's own stream under the version read, so that the daily
limits hold whatever the order and concurrency of the author's publications. The windows roll:
a posting stops counting `window` after it was made, which is when a refusal says the limit
resets."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from functools import reduce

from contracts.listings.events import PostingRecorded
from listings.commands import Limits, RecordPosting
from listings.domain.errors import TooManyAlerts, TooManyListings

ALERT = "alert"


def author_stream(author_id: uuid.UUID) -> str:
    return f"listings.author-{author_id}"


@dataclass(frozen=True)
class Posting:
    listing_id: uuid.UUID
    neighbourhood_ids: tuple[uuid.UUID, ...]
    category: str
    posted_at: datetime


@dataclass(frozen=True)
class Postings:
    """An author's postings in the order recorded."""

    postings: tuple[Posting, ...] = ()

    def recorded(self, listing_id: uuid.UUID) -> bool:
        return any(p.listing_id == listing_id for p in self.postings)

    def within(self, limits: Limits, at: datetime) -> list[datetime]:
        """When the postings counting at `at` were made, oldest first. Those stamped after
        `at` count too: two devices' clocks, or a slow command, may record postings out of
        time order, and only counting them keeps every window within the limit."""
        since = at - limits.window
        return sorted(p.posted_at for p in self.postings if since < p.posted_at)

    def alerts_within(self, limits: Limits, at: datetime, nid: uuid.UUID) -> list[datetime]:
        since = at - limits.window
        return sorted(
            p.posted_at
            for p in self.postings
            if p.category == ALERT and nid in p.neighbourhood_ids and since < p.posted_at
        )


NO_POSTINGS = Postings()


def evolve_postings(state: Postings, event: PostingRecorded) -> Postings:
    posting = Posting(
        event.listing_id, tuple(event.neighbourhood_ids), event.category, event.posted_at
    )
    return replace(state, postings=(*state.postings, posting))


def fold_postings(events: Iterable[PostingRecorded]) -> Postings:
    return reduce(evolve_postings, events, NO_POSTINGS)


def decide_postings(command: RecordPosting, state: Postings) -> list[PostingRecorded]:
    """Count a publication against the author's limits, or refuse it saying when it resets."""
    if state.recorded(command.listing_id):
        return []
    limits, at = command.limits, command.at
    made = state.within(limits, at)
    if len(made) >= limits.listings:
        raise TooManyListings(limits.listings, _resets(made, limits.listings, limits), at)
    if command.category == ALERT:
        for nid in dict.fromkeys(command.neighbourhood_ids):
            alerts = state.alerts_within(limits, at, nid)
            if len(alerts) >= limits.alerts:
                raise TooManyAlerts(limits.alerts, _resets(alerts, limits.alerts, limits), at)
    posting = PostingRecorded(
        command.author_id,
        command.listing_id,
        list(dict.fromkeys(command.neighbourhood_ids)),
        command.category,
        at,
    )
    return [posting]


def _resets(made: list[datetime], limit: int, limits: Limits) -> datetime:
    """When one more posting becomes possible: once enough of those `made` (oldest first, at
    least `limit` of them) leave the window."""
    return made[len(made) - limit] + limits.window
