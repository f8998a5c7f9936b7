"""What a listing decides when its author publishes or edits it, and the guard every author's
command passes (`authored`)."""

from __future__ import annotations

import uuid

from contracts.listings.events import ListingEdited, ListingEvent, ListingPublished
from listings.commands import EditListing, PublishListing
from listings.domain import texts
from listings.domain.errors import ListingRemoved, NotAMember, NotTheAuthor, UnknownListing
from listings.domain.listing import REMOVED, Listing


def authored(state: Listing, author_id: uuid.UUID) -> Listing:
    """The listing, if `author_id` wrote it and no moderator removed it."""
    if not state.exists:
        raise UnknownListing("no such listing")
    if state.author_id != author_id:
        raise NotTheAuthor("only the listing's author may do this")
    if state.status == REMOVED:
        raise ListingRemoved("a moderator removed this listing")
    return state


def publish(command: PublishListing, state: Listing) -> list[ListingEvent]:
    if state.exists:
        return []  # published already by this very command (its id is derived from it)
    shown = tuple(dict.fromkeys(command.neighbourhood_ids))
    if not shown or not set(shown) <= command.member_of:
        raise NotAMember("publish only in neighbourhoods you are a member of")
    texts.kind(command.kind, command.category)
    return [
        ListingPublished(
            listing_id=command.listing_id,
            author_id=command.author_id,
            neighbourhood_ids=list(shown),
            kind=command.kind,
            category=command.category,
            title=texts.title(command.title),
            description=texts.description(command.description),
            details=texts.details(command.category, command.details),
            photos=texts.photos(command.photos, command.photos_owned),
            expires_at=texts.expiry(command.expires_at, command.at, command.category),
            published_at=command.at,
        )
    ]


def edit(command: EditListing, state: Listing) -> list[ListingEvent]:
    authored(state, command.author_id)
    title = texts.title(command.title)
    description = texts.description(command.description)
    details = texts.details(state.category, command.details)
    # Photos already on the listing stay attachable even if the read model forgot them.
    owned = {
        **{uuid.UUID(p["photo_id"]): p["sha256"] for p in state.photos},
        **command.photos_owned,
    }
    photos = texts.photos(command.photos, owned)
    unchanged = (
        title == state.title
        and description == state.description
        and details == dict(state.details)
        and photos == [dict(p) for p in state.photos]
    )
    if unchanged:
        return []
    edited = ListingEdited(
        command.listing_id, command.author_id, title, description, details, photos, command.at
    )
    return [edited]
