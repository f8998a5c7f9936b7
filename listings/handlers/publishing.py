"""A publication touches two streams under one command id: the author's postings, where the
daily limits hold (expected version read), then the listing's own stream (new). Composed into
ListingHandlers.

The listing is rehearsed before anything is appended, so that a refused or unstorable
publication records nothing, not even a posting. A crash between the two appends leaves a
posting without its listing: the same command repeated (same command_id) finds its posting
recorded and completes the listing; a posting never completed still counts against the
author's limit for a day, which errs on the side of the limit.
"""

from __future__ import annotations

from contracts.envelope import Metadata
from listings.commands import PublishListing, RecordPosting
from listings.handlers.base import Streams, resident_actor
from services.eventstore.handling import Outcome


class Publications:
    def __init__(self, streams: Streams) -> None:
        self._streams = streams

    def publish(self, command: PublishListing) -> Outcome:
        metadata = Metadata.start(resident_actor(command.author_id), command.command_id)
        if self._streams.listing(command.listing_id).exists:
            # Done before: answer as the first attempt did.
            return self._streams.run(command, command.command_id, metadata)
        self._streams.rehearse(command, command.command_id, metadata)
        posting = RecordPosting(
            command.command_id,
            command.author_id,
            command.listing_id,
            command.neighbourhood_ids,
            command.category,
            self._streams.settings.limits,
            command.at,
        )
        posted = self._streams.run(posting, command.command_id, metadata)
        published = self._streams.run(command, command.command_id, metadata)
        position = self._streams.latest(posted.position, published.position)
        return Outcome(position, published.events, published.appended)
