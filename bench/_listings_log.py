"""The replay benchmark's listings log (`bench/replay.py --read-model listings`): each listing
published in one or two neighbourhoods, answered three times, edited, its responder chosen,
renewed and closed, every tenth one reported and restored by a moderator; the texts sealed with
their writers' keys through the codec, as the services append them. A listing's events are
spread over those of the 2,000 listings published around it, as they are spread over days in a
real log, so a batch holds a few events of many listings rather than all of a few. Rows come in
the shape bench/_ledger_fill.py writes straight into the adapter's tables, hashes chained."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from listings_data import WORDS

from contracts import Metadata
from contracts.listings.events import (
    ListingClosed,
    ListingEdited,
    ListingPublished,
    ListingRenewed,
    ListingReported,
    ListingRestored,
    ResponderChosen,
    ResponseSent,
)
from services.eventstore.codec import Codec
from services.eventstore.ledger import ZERO, chain, digest
from services.eventstore.model import encode_events

WAVE = 2_000  # listings whose events are interleaved
PER_LISTING = 8  # events of a listing (10 for every tenth: a report and a moderator's decision)
AUTHORS = 5  # listings per resident
PLACES = 100


def _text(n: int, words: int) -> str:
    # Words of the search benchmark's vocabulary, a different run of them for each listing.
    return " ".join(WORDS[(n * 31 + k * 7) % len(WORDS)] for k in range(words))


def _events(n: int, rid: list[uuid.UUID], places: list[uuid.UUID], at: datetime) -> list[Any]:
    lid, author = uuid.UUID(int=n + 1), rid[n % len(rid)]
    answers = [(uuid.uuid4(), rid[(n * 7 + k + 1) % len(rid)]) for k in range(3)]
    shown = [places[n % PLACES]] + ([places[(n + 1) % PLACES]] if n % 3 == 0 else [])
    made: list[Any] = [
        ListingPublished(
            lid,
            author,
            shown,
            "offer",
            "loan",
            _text(n, 3),
            _text(n + 1, 12),
            {},
            [],
            at + timedelta(days=30),
            at,
        ),
        *(ResponseSent(lid, a, who, "Samedi matin ?", at) for a, who in answers[:2]),
        ListingEdited(lid, author, _text(n, 4), _text(n + 2, 12), {}, [], at),
        ResponseSent(lid, *answers[2], "Dimanche ?", at),
        ResponderChosen(lid, answers[0][0], answers[0][1], author, uuid.uuid4(), at),
        ListingRenewed(lid, at + timedelta(days=60), at),
        ListingClosed(lid, "done", at),
    ]
    if n % 10 == 0:
        made[-1:-1] = [
            ListingReported(lid, uuid.uuid4(), answers[1][1], "doublon", at),
            ListingRestored(lid, shown[0], author, "rien d'anormal", at),
        ]
    return made


def rows(codec: Codec, events: int) -> Iterator[tuple[Any, ...]]:
    """About `events` events (whole listings) as rows of the events table."""
    listings = max(1, events // PER_LISTING)
    residents = [uuid.uuid4() for _ in range(max(4, listings // AUTHORS))]
    places = [uuid.uuid4() for _ in range(PLACES)]
    start, made = datetime(2026, 1, 1, tzinfo=UTC), 0
    for first in range(0, listings, WAVE):
        wave = [
            _events(n, residents, places, start + timedelta(minutes=n))
            for n in range(first, min(first + WAVE, listings))
        ]
        heads: dict[str, bytes] = {}
        for step in range(max(map(len, wave))):
            for n, made_events in enumerate(wave, start=first):
                if step >= len(made_events) or made >= events:
                    continue
                made += 1
                yield _row(codec, made_events[step], step, n, heads)


def _row(
    codec: Codec, event: Any, version: int, n: int, heads: dict[str, bytes]
) -> tuple[Any, ...]:
    stream, at = f"listings.listing-{event.listing_id}", datetime(2026, 1, 1, tzinfo=UTC)
    at += timedelta(minutes=n, seconds=version)
    author = getattr(event, "author_id", None)
    meta = Metadata.start(f"resident:{author or uuid.UUID(int=n)}", uuid.uuid4())
    (e,) = encode_events(stream, [codec.encode(event, meta)])
    previous = heads.get(stream, ZERO)
    (hashed,) = chain(
        previous, [digest(e.event_id, stream, e.type, e.schema_version, e.data, e.metadata, at)]
    )
    heads[stream] = hashed
    return (
        e.event_id,
        stream,
        "listings.listing",
        version,
        e.type,
        e.schema_version,
        e.data,
        e.metadata,
        at,
        hashed,
    )
