"""The listings service's command doors: publishing, the author's changes, responses, reports
and moderation. Each checks its arguments' shapes, brings the facts the command needs from the
read models (where the actor is a member or a moderator, the photos they uploaded), runs it
through ListingHandlers and answers its ids and position.

A command that relies on those facts accepts `after`: a position from another context (a join
just made) makes it wait until this service has heard of it.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from typing import Any

from listings.commands import CloseListing, RenewListing, ReopenListing
from listings.handlers.base import resident_actor
from listings.projections import facts
from listings.projections import photos as stored
from listings.service.errors import DOOR
from listings.service.queries import reading
from listings.service.shapes import LONGEST, details, ids, maybe_moment, text
from services.runtime.command_door import command_door
from services.runtime.doors import done

# A moderation names one neighbourhood; a listing shown in none of the moderator's is refused
# by the domain whichever is named.
NOWHERE = uuid.UUID(int=0)


@DOOR.rpc
@DOOR.wrap
def publish(
    service: Any,
    command_id: str,
    author_id: str,
    neighbourhood_ids: list[str],
    kind: str,
    category: str,
    title: str,
    description: str,
    details: dict[str, Any],
    photos: list[str],
    expires_at: str | None = None,
    after: str | None = None,
) -> dict[str, Any]:
    """Publish in the author's neighbourhoods. -> {listing_id, position}. not_a_member,
    kind_not_in_category, invalid_title, invalid_listing_description, invalid_details
    (details.fields), too_many_photos, photo_not_yours, invalid_expiry, too_many_listings,
    too_many_alerts (details.resets_at, retry_after_seconds)."""
    author = DOOR.uid(author_id, "author_id")
    where = ids(neighbourhood_ids, "neighbourhood_ids")
    given = _content(title, description, details, photos)
    with reading(service, after) as conn:
        member_of = facts.member_of(conn, service.read.facts, author)
        owned = stored.photos_owned(conn, service.read.listings, author)
    created = service.handlers.publish(
        DOOR.uid(command_id, "command_id"),
        author,
        where,
        text(kind, "kind"),
        text(category, "category"),
        *given,
        maybe_moment(expires_at, "expires_at"),
        member_of,
        owned,
    )
    return done(created.position, listing_id=created.id)


@DOOR.rpc
@DOOR.wrap
def edit(
    service: Any,
    command_id: str,
    listing_id: str,
    author_id: str,
    title: str | None = None,
    description: str | None = None,
    details: dict[str, Any] | None = None,
    photos: list[str] | None = None,
) -> dict[str, Any]:
    """Change any of title, description, details, photos (the others stay). -> {position}.
    unknown_listing, not_the_author, listing_removed, and the refusals of publish's content."""
    lid, author = DOOR.uid(listing_id, "listing_id"), DOOR.uid(author_id, "author_id")
    now = service.handlers.listing(lid)
    given = _content(
        now.title if title is None else title,
        now.description if description is None else description,
        now.details if details is None else details,
        [p["photo_id"] for p in now.photos] if photos is None else photos,
    )
    with reading(service, None) as conn:
        owned = stored.photos_owned(conn, service.read.listings, author)
    position = service.handlers.edit(DOOR.uid(command_id, "command_id"), lid, author, *given, owned)
    return done(position)


def _as_resident(handlers: Any, command: Any, actor_id: uuid.UUID) -> str | None:
    position: str | None = handlers.run(command, resident_actor(actor_id)).position
    return position


close = command_door(
    DOOR,
    CloseListing,
    "close",
    actor="author_id",
    longest={"outcome": LONGEST},
    run=_as_resident,
    doc="`outcome`: done | withdrawn. -> {position}. unknown_listing, not_the_author, "
    "listing_not_open, listing_removed.",
)
reopen = command_door(
    DOOR,
    ReopenListing,
    "reopen",
    actor="author_id",
    run=_as_resident,
    doc="-> {position}. unknown_listing, not_the_author, listing_already_open, listing_removed, "
    "invalid_expiry, not_a_member (shown nowhere any more).",
)
renew = command_door(
    DOOR,
    RenewListing,
    "renew",
    actor="author_id",
    run=_as_resident,
    doc="-> {position}. unknown_listing, not_the_author, listing_not_open, invalid_expiry.",
)


@DOOR.rpc
@DOOR.wrap
def respond(
    service: Any,
    command_id: str,
    listing_id: str,
    responder_id: str,
    message: str,
    after: str | None = None,
    offer: str | None = None,
) -> dict[str, Any]:
    """`offer`: what a barter's responder offers in exchange. -> {response_id, position}.
    unknown_listing, not_a_member, own_listing, listing_not_open, already_responded,
    invalid_message, invalid_offer, recipient_already_chosen."""
    who = DOOR.uid(responder_id, "responder_id")
    said = (message, "message")
    offered = None if offer is None else text(offer, "offer")
    handler = functools.partial(service.handlers.respond, offer=offered)
    created = _as_member(service, handler, command_id, listing_id, who, said, after)
    return done(created.position, response_id=created.id)


@DOOR.rpc
@DOOR.wrap
def choose_responder(
    service: Any, command_id: str, listing_id: str, author_id: str, response_id: str
) -> dict[str, Any]:
    """-> {connection_id, position}. unknown_listing, unknown_response, not_the_author,
    listing_not_open, listing_removed, responder_already_chosen."""
    created = service.handlers.choose_responder(
        *_authored(command_id, listing_id, author_id), DOOR.uid(response_id, "response_id")
    )
    return done(created.position, connection_id=created.id)


@DOOR.rpc
@DOOR.wrap
def report(
    service: Any,
    command_id: str,
    listing_id: str,
    reporter_id: str,
    reason: str,
    after: str | None = None,
) -> dict[str, Any]:
    """-> {report_id, position}. unknown_listing, not_a_member, already_reported,
    invalid_reason."""
    who = DOOR.uid(reporter_id, "reporter_id")
    said = (reason, "reason")
    handler = service.handlers.report
    created = _as_member(service, handler, command_id, listing_id, who, said, after)
    return done(created.position, report_id=created.id)


@DOOR.rpc
@DOOR.wrap
def moderate(
    service: Any,
    command_id: str,
    listing_id: str,
    moderator_id: str,
    decision: str,
    reason: str,
    after: str | None = None,
) -> dict[str, Any]:
    """`decision`: restore | remove. -> {position}. unknown_listing, not_a_moderator,
    listing_not_hidden, listing_removed, reason_required, invalid_reason."""
    lid, who = DOOR.uid(listing_id, "listing_id"), DOOR.uid(moderator_id, "moderator_id")
    with reading(service, after) as conn:
        moderates = facts.moderates(conn, service.read.facts, who)
    shown_in = service.handlers.listing(lid).neighbourhood_ids
    where = next((n for n in shown_in if n in moderates), NOWHERE)
    position = service.handlers.moderate(
        DOOR.uid(command_id, "command_id"),
        lid,
        who,
        where,
        text(decision, "decision"),
        text(reason, "reason"),
        moderates,
    )
    return done(position)


def _as_member(
    service: Any,
    handler: Callable[..., Any],
    command_id: str,
    listing_id: str,
    who: uuid.UUID,
    said: tuple[Any, str],
    after: str | None,
) -> Any:
    """Run `handler` (respond, report) for `who` saying `said` (its text, its argument's name)
    about a listing, with the neighbourhoods `who` is a member of as the read model knows them."""
    with reading(service, after) as conn:
        member_of = facts.member_of(conn, service.read.facts, who)
    command, listing = DOOR.uid(command_id, "command_id"), DOOR.uid(listing_id, "listing_id")
    return handler(command, listing, who, text(*said), member_of)


def _authored(command_id: str, listing_id: str, author_id: str) -> tuple[uuid.UUID, ...]:
    return (
        DOOR.uid(command_id, "command_id"),
        DOOR.uid(listing_id, "listing_id"),
        DOOR.uid(author_id, "author_id"),
    )


def _content(title: Any, description: Any, given: Any, photos: Any) -> tuple[Any, ...]:
    return (
        text(title, "title"),
        text(description, "description"),
        details(given),
        ids(photos, "photos"),
    )


DOORS = (
    publish,
    edit,
    close,
    reopen,
    renew,
    respond,
    choose_responder,
    report,
    moderate,
)
