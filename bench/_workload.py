"""The events the benchmark writes: shaped like what the services append (about 300 bytes of JSON
data, metadata with correlation, causation and actor), so every variant writes the same bytes."""

from __future__ import annotations

import json
import random
import uuid
from datetime import UTC, datetime

from services.eventstore import NewEvent

CATEGORY = "listings.listing"
TYPES = ("listings.ListingPublished", "listings.ListingRenewed", "listings.ListingWithdrawn")
COLUMNS = (
    "event_id",
    "stream",
    "category",
    "version",
    "type",
    "schema_version",
    "data",
    "metadata",
    "recorded_at",
)
_WORDS = [
    "bike",
    "trailer",
    "garden",
    "hose",
    "ladder",
    "drill",
    "sewing",
    "machine",
    "pram",
    "books",
    "kettle",
    "lawnmower",
    "tent",
    "paddling",
    "pool",
    "kayak",
    "winter",
    "tyres",
    "toolbox",
    "board",
    "games",
    "barely",
    "used",
    "collect",
    "Saturday",
    "morning",
    "near",
    "the",
    "playground",
    "ask",
    "for",
    "Anna",
    "works",
    "fine",
    "small",
    "scratch",
]


def stream_name() -> str:
    return f"{CATEGORY}-{uuid.uuid4()}"


def event_data(rng: random.Random) -> dict[str, object]:
    words = rng.choices(_WORDS, k=11)
    return {
        "listing_id": str(uuid.uuid4()),
        "neighbourhood_id": str(uuid.uuid4()),
        "title": " ".join(words[:4]).capitalize(),
        "description": " ".join(words).capitalize() + ".",
        "price_cents": rng.randrange(0, 20000, 50),
        "currency": "EUR",
        "tags": rng.sample(_WORDS, 3),
        "lend": rng.random() < 0.5,
    }


def event_metadata() -> dict[str, object]:
    return {
        "correlation_id": str(uuid.uuid4()),
        "causation_id": str(uuid.uuid4()),
        "actor": f"resident:{uuid.uuid4()}",
    }


def new_event(rng: random.Random) -> NewEvent:
    return NewEvent(type=rng.choice(TYPES), data=event_data(rng), metadata=event_metadata())


def row(rng: random.Random, stream: str, version: int = 0) -> tuple[object, ...]:
    """One row in COLUMNS order, JSON serialised on the spot as the store does per append."""
    return (
        uuid.uuid4(),
        stream,
        CATEGORY,
        version,
        rng.choice(TYPES),
        1,
        json.dumps(event_data(rng), separators=(",", ":")),
        json.dumps(event_metadata(), separators=(",", ":")),
        datetime.now(UTC),
    )
