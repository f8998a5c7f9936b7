"""The listings service's queries about bookings: an item's availability, my bookings, and my
calendar feed, its private token (made on first asking, renewed on demand) and its iCalendar
text, which is found by the token alone (a calendar application has no session).
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from listings.commands.bookings import IssueCalendarFeed
from listings.domain.errors import UnknownListing
from listings.domain.exchange_errors import UnknownCalendar
from listings.domain.feed import token_hash
from listings.handlers.base import resident_actor
from listings.projections import calendar_queries as queries
from listings.projections import ics
from listings.service.bookings import day, flag
from listings.service.errors import DOOR
from listings.service.queries import reading
from listings.service.shapes import text

PUBLIC_URL = "QUARTIER_PUBLIC_URL"
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"
FEED_PATH = "/api/v1/me/calendar.ics?token="
# Days an availability answers when `end` is left out.
DEFAULT_RANGE_DAYS = 62
TOKEN_BYTES = 32


@DOOR.rpc
@DOOR.wrap
def availability(
    service: Any,
    listing_id: str,
    viewer_id: str,
    start: str | None = None,
    end: str | None = None,
    after: str | None = None,
) -> dict[str, Any]:
    """The item's blocked and booked periods from `start` (default today) to `end`.
    unknown_listing."""
    lid, who = DOOR.uid(listing_id, "listing_id"), DOOR.uid(viewer_id, "viewer_id")
    first = service.handlers.clock().date() if start is None else day(start, "from")
    last = first + timedelta(days=DEFAULT_RANGE_DAYS) if end is None else day(end, "to")
    if not first <= last <= first + timedelta(days=queries.MAX_RANGE_DAYS):
        raise DOOR.invalid(f"to comes after from, within {queries.MAX_RANGE_DAYS} days")
    read = service.read
    with reading(service, after) as conn:
        found = queries.availability(
            conn, read.bookings, read.listings, read.facts, lid, who, first, last
        )
    if found is None:
        raise UnknownListing("no such listing")
    return found


@DOOR.rpc
@DOOR.wrap
def my_bookings(service: Any, viewer_id: str, after: str | None = None) -> dict[str, Any]:
    """{as_borrower: [booking], as_owner: [booking]}, soonest first."""
    who = DOOR.uid(viewer_id, "viewer_id")
    read = service.read
    with reading(service, after) as conn:
        return queries.my_bookings(conn, read.bookings, read.listings, read.facts, who)


@DOOR.rpc
@DOOR.wrap
def calendar_feed(
    service: Any, command_id: str, resident_id: str, renew: bool = False
) -> dict[str, Any]:
    """The resident's calendar URL (under QUARTIER_PUBLIC_URL), made on first asking; `renew`
    replaces it (the old URL stops working). -> {calendar_url, token, position}."""
    who = DOOR.uid(resident_id, "resident_id")
    if not flag(renew, "renew"):
        with reading(service, None) as conn:
            token = queries.feed_token(conn, service.read.bookings, who)
        if token is not None:
            return _shown(service, token, None)
    command = IssueCalendarFeed(
        DOOR.uid(command_id, "command_id"), who, secrets.token_urlsafe(TOKEN_BYTES), renew,
        service.handlers.clock(),
    )  # fmt: skip
    outcome = service.handlers.run(command, resident_actor(who))
    with reading(service, outcome.position) as conn:
        token = queries.feed_token(conn, service.read.bookings, who)
    return _shown(service, token, outcome.position)


def _shown(service: Any, token: str | None, position: str | None) -> dict[str, Any]:
    config = service.read.platform.container.config
    base = str(config.get(PUBLIC_URL) or DEFAULT_PUBLIC_URL).rstrip("/")
    url = None if token is None else f"{base}{FEED_PATH}{token}"
    return {"calendar_url": url, "token": token, "position": position}


@DOOR.rpc
@DOOR.wrap
def calendar_ics(service: Any, token: str, language: str = "fr") -> dict[str, Any]:
    """The iCalendar text of the feed whose token is `token`. unknown_calendar."""
    given = _token(token)
    read = service.read
    with reading(service, None) as conn:
        who = queries.feed_owner(conn, read.bookings, token_hash(given))
        if who is None:
            raise UnknownCalendar("no calendar has this token")
        entries = queries.feed_entries(conn, read.bookings, read.listings, who)
    body = ics.feed(str(who), entries, service.handlers.clock(), text(language, "language"))
    return {"content": body.decode("utf-8")}


def _token(value: Any) -> str:
    if not isinstance(value, str) or not 20 <= len(value) <= 100:
        raise UnknownCalendar("no calendar has this token")
    return value


DOORS = (availability, my_bookings, calendar_feed, calendar_ics)
