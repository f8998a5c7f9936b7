"""A resident's calendar feed (stream listings.feed-<resident_id>): the private token of their
iCalendar URL. Only its latest token opens the feed; the token is found by its SHA-256, which is
all a lookup needs, and kept sealed for the resident to be shown their URL again."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce

from contracts.listings.bookings import CalendarFeedIssued
from listings.commands.bookings import IssueCalendarFeed


def feed_stream(resident_id: uuid.UUID) -> str:
    return f"listings.feed-{resident_id}"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Feed:
    token_hash: str | None = None


NO_FEED = Feed()


def evolve_feed(state: Feed, event: CalendarFeedIssued) -> Feed:
    return Feed(event.token_hash)


def fold_feed(events: Iterable[CalendarFeedIssued]) -> Feed:
    return reduce(evolve_feed, events, NO_FEED)


def decide_feed(command: IssueCalendarFeed, state: Feed) -> list[CalendarFeedIssued]:
    if state.token_hash is not None and not command.renew:
        return []
    issued = CalendarFeedIssued(
        resident_id=command.resident_id,
        feed_id=uuid.uuid5(command.command_id, "feed"),
        token=command.token,
        token_hash=token_hash(command.token),
        issued_at=command.at,
    )
    return [issued]


FOLDS = {"listings.feed": fold_feed}
"""The feed's fold by stream category, for the audit's --as-of (beside listings' own FOLDS)."""
