"""The listings service's queries: read-your-writes reads of its read models (projections/).

A listing the viewer may not see answers unknown_listing, exactly as one that does not exist; a
neighbourhood's board is for its members (not_a_member). Ids are UUID strings, times ISO 8601
in UTC; a page answers {items, next_cursor} (pass next_cursor as `cursor` for the next one).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from listings.domain.errors import NotAMember, NotAModerator, NotTheAuthor, UnknownListing
from listings.projections import facts, moderation, queries
from listings.service import exchanges
from listings.service.errors import DOOR
from services.runtime import read_models
from services.runtime.doors import LIMIT

# The newest of the moderation log: the gateway merges them with the neighbourhood's own.
LOG_ENTRIES = 100


reading = read_models.reader(DOOR)


@DOOR.rpc
@DOOR.wrap
def board(
    service: Any,
    neighbourhood_id: str,
    viewer_id: str,
    kind: str | None = None,
    category: str | None = None,
    status: str | None = None,
    q: str | None = None,
    author: str | None = None,
    cursor: str | None = None,
    limit: int = LIMIT,
    after: str | None = None,
) -> dict[str, Any]:
    """Members only, newest first: {items: [card], next_cursor}. not_a_member."""
    nid, who = DOOR.uid(neighbourhood_id, "neighbourhood_id"), DOOR.uid(viewer_id, "viewer_id")
    read = service.read
    with reading(service, after) as conn:
        found = queries.board(
            conn,
            read.listings,
            read.facts,
            nid,
            who,
            kind=_maybe(kind, "kind"),
            category=_maybe(category, "category"),
            status=_maybe(status, "status"),
            q=_maybe(q, "q"),
            author=None if author is None else DOOR.uid(author, "author"),
            cursor=_cursor(cursor),
            limit=DOOR.limit(limit),
        )
    if found is None:
        raise NotAMember("only members see a neighbourhood's listings")
    return found


@DOOR.rpc
@DOOR.wrap
def listing(
    service: Any, listing_id: str, viewer_id: str, after: str | None = None
) -> dict[str, Any]:
    """A listing with its photos, history and the viewer's response. unknown_listing."""
    lid, who = DOOR.uid(listing_id, "listing_id"), DOOR.uid(viewer_id, "viewer_id")
    with reading(service, after) as conn:
        found = queries.listing(conn, service.read.listings, service.read.facts, lid, who)
    if found is None:
        raise UnknownListing("no such listing")
    return {**found, "exchange": exchanges.shown(service, lid, who, found.get("category"))}


@DOOR.rpc
@DOOR.wrap
def responses(
    service: Any, listing_id: str, viewer_id: str, after: str | None = None
) -> list[dict[str, Any]]:
    """Its author only, oldest first. unknown_listing, not_the_author."""
    lid, who = DOOR.uid(listing_id, "listing_id"), DOOR.uid(viewer_id, "viewer_id")
    with reading(service, after) as conn:
        found = queries.listing(conn, service.read.listings, service.read.facts, lid, who)
        if found is None:
            raise UnknownListing("no such listing")
        if found["author"]["resident_id"] != str(who):
            raise NotTheAuthor("only the listing's author reads its responses")
        return queries.responses(conn, service.read.listings, service.read.facts, lid)


def _mine(query: Callable[..., dict[str, Any]], name: str, doc: str) -> Any:
    """The door of one of the resident's own pages, across neighbourhoods."""

    def mine(
        service: Any,
        resident_id: str,
        cursor: str | None = None,
        limit: int = LIMIT,
        after: str | None = None,
    ) -> dict[str, Any]:
        who = DOOR.uid(resident_id, "resident_id")
        page = _cursor(cursor), DOOR.limit(limit)
        with reading(service, after) as conn:
            return query(conn, service.read.listings, service.read.facts, who, *page)

    mine.__name__ = mine.__qualname__ = name
    mine.__doc__ = doc
    return DOOR.rpc(DOOR.wrap(mine))


my_listings = _mine(
    queries.my_listings,
    "my_listings",
    "What the resident published, newest first: {items: [card], next_cursor}.",
)
my_responses = _mine(
    queries.my_responses,
    "my_responses",
    "The resident's responses, newest first, each with its listing's card while they may "
    "see it: {items, next_cursor}.",
)


@DOOR.rpc
@DOOR.wrap
def reports(
    service: Any,
    neighbourhood_id: str,
    viewer_id: str,
    cursor: str | None = None,
    limit: int = LIMIT,
    after: str | None = None,
) -> dict[str, Any]:
    """Moderators only, open reports newest first: {items, next_cursor}. not_a_moderator."""
    nid, who = DOOR.uid(neighbourhood_id, "neighbourhood_id"), DOOR.uid(viewer_id, "viewer_id")
    with reading(service, after) as conn:
        if nid not in facts.moderates(conn, service.read.facts, who):
            raise NotAModerator("only its moderators review a neighbourhood's reports")
        return moderation.reports(
            conn,
            service.read.listings,
            service.read.facts,
            nid,
            who,
            _cursor(cursor),
            DOOR.limit(limit),
        )


@DOOR.rpc
@DOOR.wrap
def moderation_log(
    service: Any, neighbourhood_id: str, viewer_id: str, after: str | None = None
) -> list[dict[str, Any]]:
    """Members only, newest first, at most LOG_ENTRIES, in the shape of neighbourhoods' log:
    [{at, action, actor, resident: None, listing_id, reason, reason_withheld}]. not_a_member."""
    nid, who = DOOR.uid(neighbourhood_id, "neighbourhood_id"), DOOR.uid(viewer_id, "viewer_id")
    with reading(service, after) as conn:
        if nid not in facts.member_of(conn, service.read.facts, who):
            raise NotAMember("only members read the moderation log")
        found = moderation.moderation_log(
            conn, service.read.listings, service.read.facts, nid, who, None, LOG_ENTRIES
        )
    return [{**entry, "resident": None} for entry in found["items"]]


def _maybe(value: Any, name: str) -> str | None:
    return None if value is None else DOOR.text(value, name, 200)


def _cursor(value: Any) -> str | None:
    return None if value is None else DOOR.text(value, "cursor", 500)


DOORS = (board, listing, responses, my_listings, my_responses, reports, moderation_log)
