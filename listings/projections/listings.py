"""Listings' read model of its own events: each listing (its texts, status, expiry, search
tokens), the neighbourhoods it is shown in, its photos, history, responses and reports, the
moderation log entries of its neighbourhoods, and the photos uploaded. Queries live in
queries.py, moderation.py and photos.py; the members and residents they check, in facts.py.

Texts are the author's (a response's message the responder's, a report's reason the
reporter's): decoded here, stored in this service's own database, NULL once their writer is
erased, in the live rows (the erasure clears them) as in a rebuild (they read back ERASED). An
erased author's listings are shown to no one.

Each listing and photo row remembers the version of its stream last applied, so an event
delivered again is passed over; times are kept beside their datetime as whole microseconds
(`*_us`), which both databases compare and order alike.

    subscriber = read_model(codec)
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from contracts.identity.events import ResidentErased
from contracts.listings.bookings import CALENDAR_CONTRACTS, CALENDAR_FEED_ISSUED
from contracts.listings.events import CONTRACTS, PhotoDeleted, PhotoUploaded
from listings.projections import batches, exchanges, lifecycle, search
from services.eventstore.codec import Codec, DecodedEvent
from services.subscriptions import Subscriber
from services.subscriptions.subscriber import SUFFIX, decoding, decoding_all, generations

NAME = "listings.read_model"
VERSION = 3  # 2: a barter response's offer; 3: the listings' tokens beside their places (0061)
_ELSEWHERE = {
    "listings.PostingRecorded",
    *(c.type for c in (*CALENDAR_CONTRACTS, CALENDAR_FEED_ISSUED)),  # projections/bookings.py
    *exchanges.STREAM_TYPES,
}
TYPES = (*(c.type for c in CONTRACTS if c.type not in _ELSEWHERE), "identity.ResidentErased")
"""Every event of listings' and photos' streams, and the erasure of a resident."""
SCRUB_AFTER = ("identity.ResidentErased",)
"""An erased writer's texts leave no copy on disk (docs/decisions/0008), nor do the texts their
edits replaced: the scrub rewrites the tables whole. An edit alone scrubs nothing (its author's
earlier text stays readable in the log anyway, and rewriting a table of every listing at each
edit would cost far more than it protects)."""


_meta = sa.MetaData()
AT = sa.DateTime(timezone=True)
US = sa.BigInteger
LISTINGS = sa.Table(
    "listings_listings",
    _meta,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("listing_id", sa.String(36), nullable=False, unique=True),
    sa.Column("author_id", sa.String(36), nullable=False),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("category", sa.String(20), nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("description", sa.Text),
    sa.Column("details", sa.JSON),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("hidden", sa.Boolean, nullable=False),
    sa.Column("author_erased", sa.Boolean, nullable=False),
    sa.Column("published_at", AT, nullable=False),
    sa.Column("published_us", US, nullable=False),
    sa.Column("expires_at", AT, nullable=False),
    sa.Column("expires_us", US, nullable=False),
    sa.Column("responses_count", sa.Integer, nullable=False),
    sa.Column("chosen_response_id", sa.String(36)),
    sa.Column("open_reports", sa.Integer, nullable=False),
    sa.Column("last_report_us", US),
    sa.Column("search", sa.Text),
    sa.Column("stream_version", sa.Integer, nullable=False),
    sa.Index(f"listings_listings{SUFFIX}_by_author", "author_id", "published_us"),
    sa.Index(f"listings_listings{SUFFIX}_by_expiry", "status", "expires_us"),
)
PLACES = sa.Table(
    "listings_listing_places",
    _meta,
    sa.Column("listing_id", sa.String(36), primary_key=True),
    sa.Column("neighbourhood_id", sa.String(36), primary_key=True),
    sa.Column("shown", sa.Boolean, nullable=False),
    sa.Column("published_us", US, nullable=False),
    # The listing's search tokens, on PostgreSQL only: its board search reads them here.
    sa.Column("search", sa.Text),
    # The board: one neighbourhood's listings, newest first.
    sa.Index(f"listings_places{SUFFIX}_board", "neighbourhood_id", "published_us", "listing_id"),
)
LISTING_PHOTOS = sa.Table(
    "listings_listing_photos",
    _meta,
    sa.Column("listing_id", sa.String(36), primary_key=True),
    sa.Column("photo_id", sa.String(36), primary_key=True, index=True),
    sa.Column("position", sa.Integer, nullable=False),
)
HISTORY = sa.Table(
    "listings_history",
    _meta,
    sa.Column("event_id", sa.String(36), primary_key=True),
    sa.Column("listing_id", sa.String(36), nullable=False, index=True),
    sa.Column("type", sa.String(20), nullable=False),
    sa.Column("at", AT, nullable=False),
    sa.Column("stream_version", sa.Integer, nullable=False),
)
RESPONSES = sa.Table(
    "listings_responses",
    _meta,
    sa.Column("response_id", sa.String(36), primary_key=True),
    sa.Column("listing_id", sa.String(36), nullable=False, index=True),
    sa.Column("responder_id", sa.String(36), nullable=False),
    sa.Column("message", sa.Text),
    sa.Column("offer", sa.Text),  # a barter's: what the responder offers in exchange
    sa.Column("sent_at", AT, nullable=False),
    sa.Column("sent_us", US, nullable=False),
    sa.Column("chosen", sa.Boolean, nullable=False),
    sa.Index(f"listings_responses{SUFFIX}_by_responder", "responder_id", "sent_us"),
)
REPORTS = sa.Table(
    "listings_reports",
    _meta,
    sa.Column("report_id", sa.String(36), primary_key=True),
    sa.Column("listing_id", sa.String(36), nullable=False, index=True),
    sa.Column("reporter_id", sa.String(36), nullable=False, index=True),
    sa.Column("reason", sa.Text),
    sa.Column("reported_at", AT, nullable=False),
    sa.Column("settled", sa.Boolean, nullable=False),
)
LOG = sa.Table(
    "listings_moderation_log",
    _meta,
    sa.Column("event_id", sa.String(36), primary_key=True),
    sa.Column("neighbourhood_id", sa.String(36), primary_key=True),
    sa.Column("listing_id", sa.String(36), nullable=False, index=True),
    sa.Column("author_id", sa.String(36), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("actor", sa.String(80), nullable=False),
    sa.Column("reason", sa.Text),
    sa.Column("at", AT, nullable=False),
    sa.Column("at_us", US, nullable=False),
    sa.Index(f"listings_moderation_log{SUFFIX}_by_place", "neighbourhood_id", "at_us"),
)
PHOTOS = sa.Table(
    "listings_photos",
    _meta,
    sa.Column("photo_id", sa.String(36), primary_key=True),
    sa.Column("uploader_id", sa.String(36), nullable=False, index=True),
    sa.Column("content_type", sa.String(20), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("thumbnail_sha256", sa.String(64), nullable=False),
    sa.Column("deleted", sa.Boolean, nullable=False),
    sa.Column("stream_version", sa.Integer, nullable=False),
)
_tables = generations(
    listings=LISTINGS,
    places=PLACES,
    listing_photos=LISTING_PHOTOS,
    history=HISTORY,
    responses=RESPONSES,
    reports=REPORTS,
    log=LOG,
    photos=PHOTOS,
)


def define(metadata: sa.MetaData, suffix: str) -> SimpleNamespace:
    tables = dict(vars(_tables(metadata, suffix)))
    listings = tables.pop("listings")
    # The search index is no table: its DDL follows this generation's tables.
    words = search.declare(listings, tables["places"])
    return SimpleNamespace(listings=listings, search_index=words, **tables)


def read_model(codec: Codec) -> Subscriber:
    return Subscriber(
        NAME,
        decoding(codec, apply),
        define=define,
        types=TYPES,
        version=VERSION,
        scrub_after=SCRUB_AFTER,
        handle_batch=decoding_all(codec, apply_batch),
    )


def apply(tx: Connection, t: SimpleNamespace, decoded: DecodedEvent[Any]) -> None:
    """One decoded event into the tables, inside the subscriber's transaction."""
    event, version = decoded.event, decoded.recorded.version
    match event:
        case ResidentErased():
            erase(tx, t, str(event.resident_id))
        case PhotoUploaded():
            _uploaded(tx, t, event, version)
        case PhotoDeleted():
            p = t.photos
            tx.execute(
                p.update()
                .where(p.c.photo_id == str(event.photo_id), p.c.stream_version < version)
                .values(deleted=True, stream_version=version)
            )
        case _:
            lifecycle.apply(tx, t, decoded)


def apply_batch(tx: Connection, t: SimpleNamespace, events: list[DecodedEvent[Any]]) -> None:
    """A batch of decoded events into the tables, as `apply` of each in turn would leave them:
    written in bulk (batches.py), but an erasure, which changes rows of every listing of its
    author, applied alone between the parts before and after it."""
    part: list[DecodedEvent[Any]] = []
    for decoded in events:
        if isinstance(decoded.event, ResidentErased):
            batches.apply(tx, t, part)
            part = []
            apply(tx, t, decoded)
        else:
            part.append(decoded)
    batches.apply(tx, t, part)


def _uploaded(tx: Connection, t: SimpleNamespace, event: PhotoUploaded, version: int) -> None:
    p = t.photos
    if tx.execute(sa.select(p.c.photo_id).where(p.c.photo_id == str(event.photo_id))).first():
        return  # delivered again
    tx.execute(
        p.insert().values(
            photo_id=str(event.photo_id),
            uploader_id=str(event.uploader_id),
            content_type=event.content_type,
            sha256=event.sha256,
            thumbnail_sha256=event.thumbnail_sha256,
            deleted=False,
            stream_version=version,
        )
    )


def erase(tx: Connection, t: SimpleNamespace, resident_id: str) -> None:
    """Forget what the erased resident wrote, as a rebuild reads it: their listings' texts (and
    the listings leave every board), their responses' messages, their reports' reasons, and the
    moderators' reasons about their listings."""
    lst = t.listings
    written = list(
        tx.execute(sa.select(lst.c.seq, lst.c.listing_id).where(lst.c.author_id == resident_id))
    )
    seqs = [seq for seq, _ in written]
    search.beside_places(tx, t.places, {listing_id: None for _, listing_id in written})
    tx.execute(
        lst.update()
        .where(lst.c.author_id == resident_id)
        .values(author_erased=True, title=None, description=None, details=None, search=None)
    )
    for seq in seqs:
        search.index(tx, lst, seq, None, [])
    if seqs:
        search.forget(tx, lst)
    for table, writer, text in (
        (t.responses, "responder_id", "message"),
        (t.reports, "reporter_id", "reason"),
        (t.log, "author_id", "reason"),
    ):
        tx.execute(table.update().where(table.c[writer] == resident_id).values({text: None}))
    responses = t.responses
    tx.execute(responses.update().where(responses.c.responder_id == resident_id).values(offer=None))
