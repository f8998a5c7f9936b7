"""Given/when/then on events for the listings domain, and builders of commands and events.

given(published(lid, author, nid)).when(respond(lid, member, {nid})).then(ResponseSent(...))
given(...).when(report(...)).refused(AlreadyReported)
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from contracts.listings.events import ListingPublished
from listings.commands import (
    ModerateListing,
    PublishListing,
    ReportListing,
    RespondToListing,
)
from listings.domain.decide import decide
from listings.domain.listing import Listing, fold
from tests.support.scenarios import scenarios

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
LOAN = {"item": "Perceuse à percussion"}
SHA = "a" * 64


def hours(n: float) -> timedelta:
    return timedelta(hours=n)


def days(n: float) -> timedelta:
    return timedelta(days=n)


def publication(
    author: uuid.UUID,
    nids: Iterable[uuid.UUID],
    category: str = "loan",
    details: Mapping[str, Any] | None = None,
    at: datetime = T0,
    **changes: Any,
) -> PublishListing:
    """A valid publication of a loan by `author` in `nids`, of which they are a member."""
    shown = tuple(nids)
    command = PublishListing(
        command_id=uuid.uuid4(),
        author_id=author,
        neighbourhood_ids=shown,
        kind="offer",
        category=category,
        title="Perceuse à prêter",
        description="Avec ses mèches.",
        details=LOAN if details is None else details,
        photos=(),
        expires_at=None,
        at=at,
        member_of=frozenset(shown),
        photos_owned={},
    )
    return replace(command, **changes)


def published(
    author: uuid.UUID, *nids: uuid.UUID, category: str = "loan", at: datetime = T0
) -> ListingPublished:
    """The event of a loan published at `at` by `author` in `nids`, open for 30 days."""
    [event] = decide(publication(author, nids, category=category, at=at), Listing())
    assert isinstance(event, ListingPublished)
    return event


def respond(
    listing: ListingPublished, responder: uuid.UUID, message: str = "Je suis intéressée."
) -> RespondToListing:
    return RespondToListing(
        uuid.uuid4(),
        listing.listing_id,
        responder,
        message,
        T0 + hours(1),
        frozenset(listing.neighbourhood_ids),
    )


def report(
    listing: ListingPublished, reporter: uuid.UUID, reason: str = "Annonce trompeuse"
) -> ReportListing:
    return ReportListing(
        uuid.uuid4(),
        listing.listing_id,
        reporter,
        reason,
        T0 + hours(2),
        frozenset(listing.neighbourhood_ids),
    )


def moderation(
    listing: ListingPublished,
    moderator: uuid.UUID,
    decision: str,
    reason: str = "Conforme à la charte",
) -> ModerateListing:
    nid = listing.neighbourhood_ids[0]
    return ModerateListing(
        uuid.uuid4(), listing.listing_id, moderator, nid, decision, reason, T0 + hours(3),
        frozenset({nid}),
    )  # fmt: skip


given = scenarios(fold, decide)
