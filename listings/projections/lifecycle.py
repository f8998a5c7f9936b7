"""A listing's stream into the read model (part of listings.py): its publication, edits, status
changes, responses, reports and moderation, each applied once (the listing row's
stream_version), with its history and, for MODERATION_EVENTS, an entry in the moderation log of
every neighbourhood the listing is shown in."""

from __future__ import annotations

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
    ResponderChosen,
    ResponseSent,
)
from contracts.pii import plain
from listings.projections import rows, search
from listings.projections.rows import micros
from services.eventstore.codec import DecodedEvent

__all__ = ["CLOSED", "apply", "micros", "reindex"]

CLOSED = {"done": "closed_done", "withdrawn": "closed_withdrawn"}


def apply(tx: Connection, t: SimpleNamespace, decoded: DecodedEvent[Any]) -> None:
    event, version = decoded.event, decoded.recorded.version
    lst = t.listings
    if isinstance(event, ListingPublished):
        if _row(tx, t, str(event.listing_id)) is None:
            _published(tx, t, event, version)
            _history(tx, t, decoded)
        return
    row = _row(tx, t, str(event.listing_id))
    if row is None or row.stream_version >= version:
        return  # delivered again
    _apply(tx, t, row, event)
    if not isinstance(event, ResponseSent | ListingReported):
        _history(tx, t, decoded)
    if decoded.recorded.type in MODERATION_EVENTS:
        _log(tx, t, row, decoded)
    tx.execute(lst.update().where(lst.c.seq == row.seq).values(stream_version=version))


def _published(tx: Connection, t: SimpleNamespace, event: ListingPublished, version: int) -> None:
    lst = t.listings
    inserted = tx.execute(lst.insert().values(rows.listing(event, version))).inserted_primary_key
    assert inserted is not None
    for nid in dict.fromkeys(event.neighbourhood_ids):
        tx.execute(
            t.places.insert().values(
                listing_id=str(event.listing_id),
                neighbourhood_id=str(nid),
                shown=True,
                published_us=micros(event.published_at),
            )
        )
    _photos(tx, t, str(event.listing_id), event.photos)
    reindex(tx, t, str(event.listing_id))


def _apply(tx: Connection, t: SimpleNamespace, row: Any, event: Any) -> None:
    lst = t.listings
    this = lst.update().where(lst.c.seq == row.seq)
    match event:
        case ListingEdited():
            title, description = plain(event.title), plain(event.description)
            tokens = rows.tokens(title, description)
            tx.execute(
                this.values(
                    title=title,
                    description=description,
                    details=plain(event.details),
                    search=tokens,
                )
            )
            reindex(tx, t, row.listing_id)
            _photos(tx, t, row.listing_id, event.photos)
        case ListingClosed():
            tx.execute(this.values(status=CLOSED[event.outcome]))
        case ListingReopened() | ListingRenewed():
            status = "open" if isinstance(event, ListingReopened) else row.status
            expiry = {"expires_at": event.expires_at, "expires_us": micros(event.expires_at)}
            tx.execute(this.values(status=status, **expiry))
        case ListingExpired():
            tx.execute(this.values(status="expired"))
        case ListingWithdrawn():
            _withdrawn(tx, t, row, event)
        case ResponseSent():
            _responded(tx, t, event)
            tx.execute(this.values(responses_count=lst.c.responses_count + 1))
        case ResponderChosen():
            r = t.responses
            tx.execute(
                r.update().where(r.c.response_id == str(event.response_id)).values(chosen=True)
            )
            tx.execute(this.values(chosen_response_id=str(event.response_id)))
        case ListingReported():
            _reported(tx, t, event)
            tx.execute(
                this.values(
                    open_reports=lst.c.open_reports + 1, last_report_us=micros(event.reported_at)
                )
            )
        case ListingHidden():
            tx.execute(this.values(hidden=True))
        case ListingRestored() | ListingRemoved():
            rep = t.reports
            tx.execute(rep.update().where(rep.c.listing_id == row.listing_id).values(settled=True))
            settled: dict[str, Any] = {"open_reports": 0, "last_report_us": None, "hidden": False}
            if isinstance(event, ListingRemoved):
                settled["status"] = "removed"
            tx.execute(this.values(**settled))


def _withdrawn(tx: Connection, t: SimpleNamespace, row: Any, event: ListingWithdrawn) -> None:
    p = t.places
    here = (p.c.listing_id == row.listing_id, p.c.neighbourhood_id == str(event.neighbourhood_id))
    tx.execute(p.update().where(*here).values(shown=False))
    reindex(tx, t, row.listing_id)
    still = tx.execute(
        sa.select(p.c.neighbourhood_id).where(p.c.listing_id == row.listing_id, p.c.shown)
    ).first()
    if still is None:
        lst = t.listings
        tx.execute(lst.update().where(lst.c.seq == row.seq).values(status="withdrawn"))


def reindex(tx: Connection, t: SimpleNamespace, listing_id: str) -> None:
    """The listing's search entry as its row and its places now say."""
    lst, p = t.listings, t.places
    row = tx.execute(sa.select(lst.c.seq, lst.c.search).where(lst.c.listing_id == listing_id)).one()
    shown = tx.execute(
        sa.select(p.c.neighbourhood_id).where(p.c.listing_id == listing_id, p.c.shown.is_(True))
    ).scalars()
    search.index(tx, lst, row.seq, row.search, list(shown))
    search.beside_places(tx, p, {listing_id: row.search})


def _responded(tx: Connection, t: SimpleNamespace, event: ResponseSent) -> None:
    tx.execute(t.responses.insert().values(rows.response(event)))


def _reported(tx: Connection, t: SimpleNamespace, event: ListingReported) -> None:
    tx.execute(t.reports.insert().values(rows.report(event)))


def _photos(tx: Connection, t: SimpleNamespace, listing_id: str, photos: list[Any]) -> None:
    lp = t.listing_photos
    tx.execute(lp.delete().where(lp.c.listing_id == listing_id))
    for position, photo in enumerate(photos):
        tx.execute(
            lp.insert().values(
                listing_id=listing_id, photo_id=str(photo["photo_id"]), position=position
            )
        )


def _history(tx: Connection, t: SimpleNamespace, decoded: DecodedEvent[Any]) -> None:
    tx.execute(t.history.insert().values(rows.history(decoded)))


def _log(tx: Connection, t: SimpleNamespace, row: Any, decoded: DecodedEvent[Any]) -> None:
    """One entry per neighbourhood the listing is shown in (a moderator's decision is about the
    listing everywhere it is shown)."""
    p = t.places
    where = sa.select(p.c.neighbourhood_id).where(p.c.listing_id == row.listing_id, p.c.shown)
    entry = rows.log(decoded, row.listing_id, row.author_id)
    for nid in tx.execute(where).scalars():
        tx.execute(t.log.insert().values(neighbourhood_id=nid, **entry))


def _row(tx: Connection, t: SimpleNamespace, listing_id: str) -> Any:
    lst = t.listings
    return tx.execute(sa.select(lst).where(lst.c.listing_id == listing_id)).first()
