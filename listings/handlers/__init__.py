"""The listings context's command handlers: load a stream, fold it, decide, append with the
version read.

    handlers = ListingHandlers(store, codec, clock, Settings())
    published = handlers.publish(command_id, author_id, (nid,), "offer", "loan", "Perceuse",
                                 "", {"item": "perceuse"}, (), None, member_of, photos_owned)
    position = handlers.respond(command_id, published.listing_id, responder_id, "Oui", member_of)

Every command names a `command_id` chosen by the caller; event ids and the ids of what it
creates (listing, response, report, connection, photo) are derived from it with uuid5, so a
repeated command appends nothing twice and answers as the first attempt did. Each method
returns the position of the last event it is about, for read-your-writes queries. What the
read models know (memberships, moderators, the author's photos) is passed in by the caller.
A publication touches two streams: the author's postings (the daily limits), then the
listing's own (handlers/publishing.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from contracts.envelope import Metadata
from listings.commands import (
    ChooseResponder,
    DeletePhoto,
    EditListing,
    ExpireListing,
    ModerateListing,
    PublishListing,
    ReportListing,
    RespondToListing,
    Settings,
    UploadPhoto,
    WithdrawListing,
)
from listings.handlers.base import SYSTEM, Command, Streams, resident_actor
from listings.handlers.exchanges import Exchanges
from listings.handlers.publishing import Publications
from services.eventstore import EventStore
from services.eventstore.codec import Codec
from services.eventstore.handling import Outcome

__all__ = ["SYSTEM", "Created", "ListingHandlers", "Outcome", "Settings"]


@dataclass(frozen=True)
class Created:
    """What a command created (a listing, a response, a report, a connection, a photo) and the
    position of its last event."""

    id: uuid.UUID
    position: str | None


class ListingHandlers:
    """Every listings command. Raises the domain's errors (domain/errors.py) unchanged."""

    def __init__(
        self,
        store: EventStore,
        codec: Codec,
        clock: Callable[[], datetime],
        settings: Settings | None = None,
    ) -> None:
        self._streams = streams = Streams(store, codec, clock, settings)
        self._publications = Publications(streams)
        self.clock = clock
        self.listing = streams.listing
        self.postings = streams.postings
        self.photo = streams.photo
        self.exchanges = Exchanges(streams)

    def publish(
        self,
        command_id: uuid.UUID,
        author_id: uuid.UUID,
        neighbourhood_ids: tuple[uuid.UUID, ...],
        kind: str,
        category: str,
        title: str,
        description: str,
        details: Mapping[str, Any],
        photos: tuple[uuid.UUID, ...],
        expires_at: datetime | None,
        member_of: frozenset[uuid.UUID],
        photos_owned: Mapping[uuid.UUID, str],
    ) -> Created:
        """Publish in the author's neighbourhoods `neighbourhood_ids`. Raises NotAMember,
        KindNotInCategory, InvalidTitle, InvalidListingDescription, InvalidDetails (with
        fields), TooManyPhotos, PhotoNotYours, InvalidExpiry, TooManyListings or TooManyAlerts
        (with resets_at and retry_after_seconds)."""
        command = PublishListing(
            command_id, author_id, tuple(neighbourhood_ids), kind, category, title,
            description, details, tuple(photos), expires_at, self.clock(), member_of,
            photos_owned,
        )  # fmt: skip
        return Created(command.listing_id, self._publications.publish(command).position)

    def edit(
        self,
        command_id: uuid.UUID,
        listing_id: uuid.UUID,
        author_id: uuid.UUID,
        title: str,
        description: str,
        details: Mapping[str, Any],
        photos: tuple[uuid.UUID, ...],
        photos_owned: Mapping[uuid.UUID, str],
    ) -> str | None:
        """Replace what the listing says (the old text stays in the log)."""
        command = EditListing(
            command_id, listing_id, author_id, title, description, details, tuple(photos),
            self.clock(), photos_owned,
        )  # fmt: skip
        return self.run(command, resident_actor(author_id)).position

    def expire(self, command_id: uuid.UUID, listing_id: uuid.UUID) -> str | None:
        """Expire the listing if it is open and due now; nothing otherwise (the clock's policy)."""
        return self.run(ExpireListing(command_id, listing_id, self.clock()), SYSTEM).position

    def withdraw(
        self, command_id: uuid.UUID, listing_id: uuid.UUID, neighbourhood_id: uuid.UUID, cause: str
    ) -> str | None:
        """Stop showing the listing in `neighbourhood_id` (its author is no member there any
        more); closed as withdrawn when it is shown nowhere else (the membership policy)."""
        command = WithdrawListing(command_id, listing_id, neighbourhood_id, cause, self.clock())
        return self.run(command, SYSTEM).position

    def respond(
        self,
        command_id: uuid.UUID,
        listing_id: uuid.UUID,
        responder_id: uuid.UUID,
        message: str,
        member_of: frozenset[uuid.UUID],
        offer: str | None = None,
    ) -> Created:
        """`offer`: what a barter's responder offers in exchange."""
        command = RespondToListing(
            command_id, listing_id, responder_id, message, self.clock(), member_of, offer
        )
        outcome = self.run(command, resident_actor(responder_id))
        return Created(command.response_id, outcome.position)

    def choose_responder(
        self,
        command_id: uuid.UUID,
        listing_id: uuid.UUID,
        author_id: uuid.UUID,
        response_id: uuid.UUID,
    ) -> Created:
        """Go ahead with a responder: the connection's id is derived from the response."""
        command = ChooseResponder(command_id, listing_id, author_id, response_id, self.clock())
        outcome = self.run(command, resident_actor(author_id))
        return Created(command.connection_id, outcome.position)

    def report(
        self,
        command_id: uuid.UUID,
        listing_id: uuid.UUID,
        reporter_id: uuid.UUID,
        reason: str,
        member_of: frozenset[uuid.UUID],
    ) -> Created:
        command = ReportListing(
            command_id, listing_id, reporter_id, reason, self.clock(), member_of
        )
        outcome = self.run(command, resident_actor(reporter_id))
        return Created(command.report_id, outcome.position)

    def moderate(
        self,
        command_id: uuid.UUID,
        listing_id: uuid.UUID,
        moderator_id: uuid.UUID,
        neighbourhood_id: uuid.UUID,
        decision: str,
        reason: str,
        moderates: frozenset[uuid.UUID],
    ) -> str | None:
        command = ModerateListing(
            command_id, listing_id, moderator_id, neighbourhood_id, decision, reason,
            self.clock(), moderates,
        )  # fmt: skip
        return self.run(command, resident_actor(moderator_id)).position

    def upload_photo(
        self,
        command_id: uuid.UUID,
        uploader_id: uuid.UUID,
        content_type: str,
        width: int,
        height: int,
        sha256: str,
        thumbnail_sha256: str,
    ) -> Created:
        """Record a photo the processor stored (its files are written before this)."""
        command = UploadPhoto(
            command_id, uploader_id, content_type, width, height, sha256, thumbnail_sha256,
            self.clock(),
        )  # fmt: skip
        outcome = self.run(command, resident_actor(uploader_id))
        return Created(command.photo_id, outcome.position)

    def delete_photo(self, command_id: uuid.UUID, photo_id: uuid.UUID, cause: str) -> str | None:
        return self.run(DeletePhoto(command_id, photo_id, cause, self.clock()), SYSTEM).position

    def run(self, command: Command, actor: str) -> Outcome:
        """Run any command as `actor` ("resident:<id>" or SYSTEM); a publication goes through
        both of its streams."""
        if isinstance(command, PublishListing):
            return self._publications.publish(command)
        return self._streams.run(
            command, command.command_id, Metadata.start(actor, command.command_id)
        )
