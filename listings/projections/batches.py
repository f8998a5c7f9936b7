"""Listings' and photos' events applied a batch at a time (part of listings.py; docs/decisions/
0056): the rows the batch touches are read once, its events applied to them in memory in log
order, and each table is written in bulk at the end, a listing's row once however many of its
events the batch holds. The result is the rows lifecycle.apply and listings.apply leave one
event at a time (tests/contract/listings/test_batched_build.py); where those would fail (a key
written twice), this fails too, so the runner applies the batch again one event at a time and
names the event at fault.

An erasure is not applied here: listings.py applies it alone between two parts of the batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from contracts.listings.events import (
    MODERATION_EVENTS,
    ListingClosed,
    ListingEdited,
    ListingExpired,
    ListingHidden,
    ListingPublished,
    ListingRemoved,
    ListingRenewed,
    ListingReopened,
    ListingReported,
    ListingRestored,
    ListingWithdrawn,
    PhotoDeleted,
    PhotoUploaded,
    ResponderChosen,
    ResponseSent,
)
from contracts.pii import plain
from listings.projections import rows
from listings.projections.lifecycle import CLOSED
from listings.projections.writes import CHUNK, Writes
from services.eventstore.codec import DecodedEvent


def apply(tx: Connection, t: SimpleNamespace, events: Sequence[DecodedEvent[Any]]) -> None:
    """`events` (no erasure among them) into the tables, as one event at a time would."""
    if not events:
        return
    w = Writes(
        listings=_read(tx, t.listings, "listing_id", _keys(events, "listing_id")),
        photos=_read(tx, t.photos, "photo_id", _keys(events, "photo_id")),
    )
    w.places = _places(tx, t, [k for k, row in w.listings.items() if row is not None])
    for decoded in events:
        event, version = decoded.event, decoded.recorded.version
        match event:
            case PhotoUploaded():
                _uploaded(w, event, version)
            case PhotoDeleted():
                found = w.photos.get(str(event.photo_id))
                if found is not None and found["stream_version"] < version:
                    w.change_photo(found, deleted=True, stream_version=version)
            case ListingPublished():
                if w.listings[str(event.listing_id)] is None:
                    _published(w, decoded)
            case _:
                _listing_event(w, decoded)
    w.write(tx, t)


def _uploaded(w: Writes, event: PhotoUploaded, version: int) -> None:
    if w.photos[str(event.photo_id)] is not None:
        return  # delivered again
    row: dict[str, Any] = {
        "photo_id": str(event.photo_id),
        "uploader_id": str(event.uploader_id),
        "content_type": event.content_type,
        "sha256": event.sha256,
        "thumbnail_sha256": event.thumbnail_sha256,
        "deleted": False,
        "stream_version": version,
    }
    w.photos[row["photo_id"]] = row
    w.new_photos.append(row["photo_id"])


def _published(w: Writes, decoded: DecodedEvent[Any]) -> None:
    event: ListingPublished = decoded.event
    lid = str(event.listing_id)
    w.listings[lid] = row = rows.listing(event, decoded.recorded.version)
    w.new_listings.append(lid)
    published_us = row["published_us"]
    w.places[lid] = {
        str(nid): {"shown": True, "published_us": published_us, "new": True}
        for nid in event.neighbourhood_ids
    }
    w.replace_photos(lid, event.photos)
    w.reindex.add(lid)
    w.history.append(rows.history(decoded))


def _listing_event(w: Writes, decoded: DecodedEvent[Any]) -> None:
    event, version = decoded.event, decoded.recorded.version
    lid = str(event.listing_id)
    row = w.listings.get(lid)
    if row is None or row["stream_version"] >= version:
        return  # delivered again
    changes = _changes(w, lid, row, event)
    if not isinstance(event, ResponseSent | ListingReported):
        w.history.append(rows.history(decoded))
    if decoded.recorded.type in MODERATION_EVENTS:
        entry = rows.log(decoded, lid, row["author_id"])
        w.log.extend({**entry, "neighbourhood_id": nid} for nid in w.shown(lid))
    w.change_listing(lid, {**changes, "stream_version": version})


def _changes(w: Writes, lid: str, row: dict[str, Any], event: Any) -> dict[str, Any]:
    """What `event` changes in the listing's row, after recording its other rows in `w`."""
    match event:
        case ListingEdited():
            title, description = plain(event.title), plain(event.description)
            w.replace_photos(lid, event.photos)
            w.reindex.add(lid)
            return {
                "title": title,
                "description": description,
                "details": plain(event.details),
                "search": rows.tokens(title, description),
            }
        case ListingClosed():
            return {"status": CLOSED[event.outcome]}
        case ListingReopened() | ListingRenewed():
            status = "open" if isinstance(event, ListingReopened) else row["status"]
            expiry = {"expires_at": event.expires_at, "expires_us": rows.micros(event.expires_at)}
            return {"status": status, **expiry}
        case ListingExpired():
            return {"status": "expired"}
        case ListingWithdrawn():
            place = w.places[lid].get(str(event.neighbourhood_id))
            if place is not None and place["shown"]:
                place["shown"] = False
                if not place.get("new"):
                    w.unshown.append((lid, str(event.neighbourhood_id)))
            w.reindex.add(lid)
            return {} if any(True for _ in w.shown(lid)) else {"status": "withdrawn"}
        case ResponseSent():
            w.add_response(rows.response(event))
            return {"responses_count": row["responses_count"] + 1}
        case ResponderChosen():
            w.choose(str(event.response_id))
            return {"chosen_response_id": str(event.response_id)}
        case ListingReported():
            w.reports.append(rows.report(event))
            return {
                "open_reports": row["open_reports"] + 1,
                "last_report_us": rows.micros(event.reported_at),
            }
        case ListingHidden():
            return {"hidden": True}
        case ListingRestored() | ListingRemoved():
            w.settle(lid)
            settled: dict[str, Any] = {"open_reports": 0, "last_report_us": None, "hidden": False}
            if isinstance(event, ListingRemoved):
                settled["status"] = "removed"
            return settled
    return {}


def _keys(events: Iterable[DecodedEvent[Any]], name: str) -> list[str]:
    return list(dict.fromkeys(str(k) for d in events if (k := getattr(d.event, name, None))))


def _read(
    tx: Connection, table: sa.Table, column: str, keys: list[str]
) -> dict[str, dict[str, Any] | None]:
    found: dict[str, dict[str, Any] | None] = dict.fromkeys(keys)
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        for row in tx.execute(sa.select(table).where(table.c[column].in_(chunk))):
            found[row._mapping[column]] = dict(row._mapping)
    return found


def _places(tx: Connection, t: SimpleNamespace, lids: list[str]) -> dict[str, dict[str, Any]]:
    places: dict[str, dict[str, Any]] = {lid: {} for lid in lids}
    p = t.places
    for start in range(0, len(lids), CHUNK):
        chunk = lids[start : start + CHUNK]
        query = sa.select(p.c.listing_id, p.c.neighbourhood_id, p.c.shown, p.c.published_us)
        for lid, nid, shown, published_us in tx.execute(query.where(p.c.listing_id.in_(chunk))):
            places[lid][nid] = {"shown": shown, "published_us": published_us}
    return places
