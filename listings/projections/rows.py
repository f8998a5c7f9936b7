"""The rows listings' events add to the read model, built once for both ways of applying them:
one event at a time (lifecycle.py) and a batch at a time (batches.py)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from contracts.listings.events import ListingPublished, ListingReported, ResponseSent
from contracts.pii import plain
from listings.projections import text
from services.eventstore.codec import DecodedEvent


def micros(moment: datetime) -> int:
    """Whole microseconds since the epoch, UTC (a naive moment is taken as UTC)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return int(aware.timestamp()) * 1_000_000 + aware.microsecond


def listing(event: ListingPublished, version: int) -> dict[str, Any]:
    """A published listing's row, but its `seq` (the database numbers it)."""
    title, description = plain(event.title), plain(event.description)
    return {
        "listing_id": str(event.listing_id),
        "author_id": str(event.author_id),
        "kind": event.kind,
        "category": event.category,
        "title": title,
        "description": description,
        "details": plain(event.details),
        "status": "open",
        "hidden": False,
        # The texts read back erased: the author was forgotten (a rebuild after erasure).
        "author_erased": title is None,
        "published_at": event.published_at,
        "published_us": micros(event.published_at),
        "expires_at": event.expires_at,
        "expires_us": micros(event.expires_at),
        "responses_count": 0,
        "chosen_response_id": None,
        "open_reports": 0,
        "last_report_us": None,
        "search": tokens(title, description),
        "stream_version": version,
    }


def tokens(title: str | None, description: str | None) -> str | None:
    return None if title is None else text.document(title, description)


def response(event: ResponseSent) -> dict[str, Any]:
    return {
        "response_id": str(event.response_id),
        "listing_id": str(event.listing_id),
        "responder_id": str(event.responder_id),
        "message": plain(event.message),
        "offer": plain(event.offer),
        "sent_at": event.sent_at,
        "sent_us": micros(event.sent_at),
        "chosen": False,
    }


def report(event: ListingReported) -> dict[str, Any]:
    return {
        "report_id": str(event.report_id),
        "listing_id": str(event.listing_id),
        "reporter_id": str(event.reporter_id),
        "reason": plain(event.reason),
        "reported_at": event.reported_at,
        "settled": False,
    }


def history(decoded: DecodedEvent[Any]) -> dict[str, Any]:
    return {
        "event_id": str(decoded.recorded.event_id),
        "listing_id": str(decoded.event.listing_id),
        "type": _snake(type(decoded.event).__name__.removeprefix("Listing")),
        "at": _when(decoded),
        "stream_version": decoded.recorded.version,
    }


def log(decoded: DecodedEvent[Any], listing_id: str, author_id: str) -> dict[str, Any]:
    """A moderation log entry, but its `neighbourhood_id` (one per place the listing is shown)."""
    event, at = decoded.event, _when(decoded)
    return {
        "event_id": str(decoded.recorded.event_id),
        "listing_id": listing_id,
        "author_id": author_id,
        "action": _snake(type(event).__name__),
        "actor": decoded.metadata.actor,
        "reason": plain(getattr(event, "reason", None)),
        "at": at,
        "at_us": micros(at),
    }


def _when(decoded: DecodedEvent[Any]) -> datetime:
    found = (v for k, v in vars(decoded.event).items() if k.endswith("_at") and k != "expires_at")
    moment: datetime = next(found, decoded.recorded.recorded_at)
    return moment


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
