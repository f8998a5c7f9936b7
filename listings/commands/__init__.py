"""Commands of the listings context about a listing's life, as the domain decides on them; the
exchanges' commands (bookings, seats, pledges) are sibling modules of this package.

Every command carries its `command_id` (the ids of what it creates are derived from it with
uuid5: listing, response, report, connection, photo) and `at`, the time. What the listings
context learns from the neighbourhoods context (where the actor is a member or a moderator) and
from its own photos read model (the photos an author uploaded) comes in the command as facts:
the domain reads nothing. The numbers of the posting limits come in too (Settings).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from contracts.listings.authors import ALERTS_PER_DAY, LISTINGS_PER_DAY, POSTING_WINDOW


@dataclass(frozen=True)
class Limits:
    """At most `listings` new listings per author, and `alerts` alerts per author and
    neighbourhood, within any rolling `window`."""

    listings: int = LISTINGS_PER_DAY
    alerts: int = ALERTS_PER_DAY
    window: timedelta = POSTING_WINDOW


@dataclass(frozen=True)
class Settings:
    """The numbers of the rules that a deployment (or a test) may set: the posting limits.
    Lengths, counts and expiries are the contracts' (contracts/listings/refusals.py)."""

    limits: Limits = field(default_factory=Limits)


def _derived(command_id: uuid.UUID, what: str) -> uuid.UUID:
    return uuid.uuid5(command_id, what)


# A listing (stream listings.listing-<id>)


@dataclass(frozen=True)
class PublishListing:
    """`member_of`: the neighbourhoods the author belongs to at `at`; `photos_owned`: the
    photos the author uploaded (photo_id -> sha256 of the stored file)."""

    command_id: uuid.UUID
    author_id: uuid.UUID
    neighbourhood_ids: tuple[uuid.UUID, ...]
    kind: str
    category: str
    title: str
    description: str
    details: Mapping[str, Any]
    photos: tuple[uuid.UUID, ...]
    expires_at: datetime | None
    at: datetime
    member_of: frozenset[uuid.UUID]
    photos_owned: Mapping[uuid.UUID, str]

    @property
    def listing_id(self) -> uuid.UUID:
        return _derived(self.command_id, "listing")


@dataclass(frozen=True)
class EditListing:
    command_id: uuid.UUID
    listing_id: uuid.UUID
    author_id: uuid.UUID
    title: str
    description: str
    details: Mapping[str, Any]
    photos: tuple[uuid.UUID, ...]
    at: datetime
    photos_owned: Mapping[uuid.UUID, str]


@dataclass(frozen=True)
class CloseListing:
    """`outcome`: one of contracts.listings.listings.OUTCOMES."""

    command_id: uuid.UUID
    listing_id: uuid.UUID
    author_id: uuid.UUID
    outcome: str
    at: datetime


@dataclass(frozen=True)
class ReopenListing:
    command_id: uuid.UUID
    listing_id: uuid.UUID
    author_id: uuid.UUID
    expires_at: datetime | None
    at: datetime


@dataclass(frozen=True)
class RenewListing:
    command_id: uuid.UUID
    listing_id: uuid.UUID
    author_id: uuid.UUID
    expires_at: datetime | None
    at: datetime


@dataclass(frozen=True)
class ExpireListing:
    """Issued by the system on the clock; expires the listing only if it is due at `at`."""

    command_id: uuid.UUID
    listing_id: uuid.UUID
    at: datetime


@dataclass(frozen=True)
class WithdrawListing:
    """Issued by a policy when the author stopped being a member of `neighbourhood_id`;
    `cause`: one of contracts.listings.listings.WITHDRAWAL_CAUSES."""

    command_id: uuid.UUID
    listing_id: uuid.UUID
    neighbourhood_id: uuid.UUID
    cause: str
    at: datetime


@dataclass(frozen=True)
class RespondToListing:
    """`offer`: what a barter's responder offers in exchange (a barter's response needs one,
    no other takes one)."""

    command_id: uuid.UUID
    listing_id: uuid.UUID
    responder_id: uuid.UUID
    message: str
    at: datetime
    member_of: frozenset[uuid.UUID]
    offer: str | None = None

    @property
    def response_id(self) -> uuid.UUID:
        return _derived(self.command_id, "response")


@dataclass(frozen=True)
class ChooseResponder:
    command_id: uuid.UUID
    listing_id: uuid.UUID
    author_id: uuid.UUID
    response_id: uuid.UUID
    at: datetime

    @property
    def connection_id(self) -> uuid.UUID:
        """The same for every command choosing this response: one connection per response."""
        return _derived(self.response_id, "connection")


@dataclass(frozen=True)
class ChooseRecipient:
    """The giver of a "giver chooses" giveaway picks the response whose author gets it."""

    command_id: uuid.UUID
    listing_id: uuid.UUID
    giver_id: uuid.UUID
    response_id: uuid.UUID
    at: datetime

    @property
    def connection_id(self) -> uuid.UUID:
        """The one a chosen responder of this response would have: one per response."""
        return self.connection_for(self.response_id)

    @staticmethod
    def connection_for(response_id: uuid.UUID) -> uuid.UUID:
        """Giver and recipient's connection: one per response, whoever chose it."""
        return _derived(response_id, "connection")


@dataclass(frozen=True)
class ReportListing:
    command_id: uuid.UUID
    listing_id: uuid.UUID
    reporter_id: uuid.UUID
    reason: str
    at: datetime
    member_of: frozenset[uuid.UUID]

    @property
    def report_id(self) -> uuid.UUID:
        return _derived(self.command_id, "report")


@dataclass(frozen=True)
class ModerateListing:
    """`decision`: one of contracts.listings.moderation.DECISIONS; `moderates`: the
    neighbourhoods the moderator moderates at `at`."""

    command_id: uuid.UUID
    listing_id: uuid.UUID
    moderator_id: uuid.UUID
    neighbourhood_id: uuid.UUID
    decision: str
    reason: str
    at: datetime
    moderates: frozenset[uuid.UUID]


# An author's postings (stream listings.author-<id>)


@dataclass(frozen=True)
class RecordPosting:
    """The first step of a publication: count it against the author's limits."""

    command_id: uuid.UUID
    author_id: uuid.UUID
    listing_id: uuid.UUID
    neighbourhood_ids: tuple[uuid.UUID, ...]
    category: str
    limits: Limits
    at: datetime


# A photo (stream listings.photo-<id>)


@dataclass(frozen=True)
class UploadPhoto:
    """What the photo processor made of an upload: the stored files' type, size and hashes."""

    command_id: uuid.UUID
    uploader_id: uuid.UUID
    content_type: str
    width: int
    height: int
    sha256: str
    thumbnail_sha256: str
    at: datetime

    @property
    def photo_id(self) -> uuid.UUID:
        return _derived(self.command_id, "photo")


@dataclass(frozen=True)
class DeletePhoto:
    """`cause`: one of contracts.listings.photos.DELETION_CAUSES."""

    command_id: uuid.UUID
    photo_id: uuid.UUID
    cause: str
    at: datetime


ListingCommand = (
    PublishListing
    | EditListing
    | CloseListing
    | ReopenListing
    | RenewListing
    | ExpireListing
    | WithdrawListing
    | RespondToListing
    | ChooseResponder
    | ReportListing
    | ModerateListing
    | ChooseRecipient
)
AuthorCommand = RecordPosting
PhotoCommand = UploadPhoto | DeletePhoto
