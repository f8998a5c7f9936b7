"""A small history of the platform, recorded with the real contracts and codec: residents
with distinctive personal values, a neighbourhood, listings, responses, matching's events as
the spec names them (read from their data whether or not their contracts are there yet), and
one event of a type no contract declares."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from contracts import Metadata
from contracts.identity.accounts import ResidentRegistered
from contracts.identity.verification import AddressVerified
from contracts.listings.listings import ListingPublished
from contracts.listings.responses import ResponseSent
from contracts.neighbourhoods.places import NeighbourhoodCreated, NeighbourhoodOpened
from services.eventstore import NO_STREAM, EventStore, NewEvent
from services.eventstore.codec import Codec

AT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[4.0, 46.0], [4.01, 46.0], [4.01, 46.01], [4.0, 46.01], [4.0, 46.0]]],
}


@dataclass
class History:
    """What was recorded, and the personal values no analyst may ever see."""

    residents: list[str] = field(default_factory=list)
    listings: dict[str, str] = field(default_factory=dict)  # listing id -> category
    neighbourhood_id: str = ""
    secrets: list[str] = field(default_factory=list)
    count: int = 0


def record(store: EventStore, codec: Codec, residents: int = 3) -> History:
    history = History()
    tag = uuid.uuid4().hex[:8]
    for n in range(residents):
        rid = uuid.uuid4()
        email, name = f"zebulon.{tag}{n}@cachalot.example", f"Zébulon Quintessence {tag}{n}"
        history.secrets += [email, name]
        _append(
            store,
            codec,
            f"identity.resident-{rid}",
            rid,
            [
                ResidentRegistered(rid, email, name, AT, "fr"),
                AddressVerified(rid, uuid.uuid4(), "letter", uuid.uuid4(), AT),
            ],
        )
        history.residents.append(str(rid))
        history.count += 2
    founder = uuid.UUID(history.residents[0])
    hood = uuid.uuid4()
    history.neighbourhood_id = str(hood)
    _append(
        store,
        codec,
        f"neighbourhoods.neighbourhood-{hood}",
        founder,
        [
            NeighbourhoodCreated(
                hood, founder, "Les Tilleuls", "Autour du square", SQUARE, 1.2, AT
            ),
            NeighbourhoodOpened(hood, residents, AT),
        ],
    )
    history.count += 2
    for n, (category, details) in enumerate(
        [("loan", {"item": "perceuse"}), ("barter", {"gives": "pommes", "wants": "poires"})]
    ):
        lid, author = uuid.uuid4(), uuid.UUID(history.residents[n])
        title = f"Titre secret {tag}{n} quinconce"
        description = f"Description intime {tag}{n} au 7 impasse Zéphyr, 06 12 34 56 7{n}"
        history.secrets += [title, f"impasse Zéphyr, 06 12 34 56 7{n}"]
        history.listings[str(lid)] = category
        _append(
            store,
            codec,
            f"listings.listing-{lid}",
            author,
            [
                ListingPublished(
                    lid,
                    author,
                    [hood],
                    "offer",
                    category,
                    title,
                    description,
                    details,
                    [],
                    AT + timedelta(days=30),
                    AT,
                )
            ],
        )
        history.count += 1
    first = next(iter(history.listings))
    responder = uuid.UUID(history.residents[-1])
    message = f"Message privé {tag} de Zébulon"
    history.secrets.append(message)
    _append(
        store,
        codec,
        f"listings.listing-{first}",
        responder,
        [ResponseSent(uuid.UUID(first), uuid.uuid4(), responder, message, AT + timedelta(hours=3))],
        expected=0,
    )
    history.count += 1
    match_id = str(uuid.uuid4())
    for kind, data in (
        (
            "MatchProposed",
            {"match_id": match_id, "offer_id": first, "request_id": str(uuid.uuid4())},
        ),
        ("MatchConnected", {"match_id": match_id, "connection_id": str(uuid.uuid4())}),
    ):
        store.append(f"matching.match-{match_id}", [NewEvent(f"matching.{kind}", data)])
        history.count += 1
    # A type no contract of this version declares, holding a value sealed as personal data.
    stray = NewEvent("tests.ThingHappened", {"n": 1, "note": {"$pii": "c2VhbGVk"}})
    store.append(f"tests.thing-{uuid.uuid4()}", [stray])
    history.count += 1
    return history


def _append(
    store: EventStore,
    codec: Codec,
    stream: str,
    actor: uuid.UUID,
    events: list[Any],
    expected: Any = NO_STREAM,
) -> None:
    meta = Metadata(correlation_id=str(uuid.uuid4()), causation_id=None, actor=f"resident:{actor}")
    store.append(stream, [codec.encode(e, meta) for e in events], expected)
