"""The scale benchmark's log: a town's life in real contract events, hash-chained per stream as
`append` chains them (docs/decisions/0031), as rows for the PostgreSQL adapter's tables.

Every neighbourhood is created first; then each resident brings ten events: signing up, joining
their neighbourhood (on its roster stream), two listings published, each answered twice and
closed. The real codec encodes a few hundred residents' events (personal data sealed with each
one's key); every further resident is stamped from one of them, its ids replaced by its own
(docs/decisions/0045): the codec's ~1 ms per event would make ten million events take hours.
A stamped resident's sealed fields keep their model's subject, so they read back as erased,
as a crypto-shredded resident's do.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from contracts import Metadata
from contracts.identity.accounts import ResidentRegistered
from contracts.listings.listings import ListingClosed, ListingPublished
from contracts.listings.responses import ResponseSent
from contracts.neighbourhoods.members import MemberJoined
from contracts.neighbourhoods.places import NeighbourhoodCreated
from listings.domain.listing import listing_stream
from neighbourhoods.domain.neighbourhood import neighbourhood_stream
from services.eventstore.codec import Codec
from services.eventstore.keyring import Keyring
from services.eventstore.ledger import ZERO, chain, digest
from services.eventstore.model import category_of, encode_events

PER_RESIDENT = 10
MODELS = 200  # residents encoded by the codec, stamped in turn
START = datetime(2026, 1, 1, tzinfo=UTC)
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
COLUMNS = (
    "event_id, stream, category, version, type, schema_version, data, metadata, recorded_at, hash"
)
# (stream, type, schema_version, data, metadata) of one append, as the codec encoded it.
Encoded = tuple[str, str, int, str, str]


# Id spaces: the town's residents and listings, and the models' own (never a town's subject, so
# that a stamped resident never finds a key its sealed fields were not sealed with).
RESIDENTS, LISTINGS, MODEL_RESIDENTS, MODEL_LISTINGS = 5, 9, 4, 3


def resident_id(r: int, space: int = RESIDENTS) -> uuid.UUID:
    return uuid.UUID(int=(space << 120) | r)


def listing_id(i: int, space: int = LISTINGS) -> uuid.UUID:
    return uuid.UUID(int=(space << 120) | i)


@dataclass
class Town:
    """Where the generator is: the residents made so far, each roster stream's head, the streams
    written whole since the streams table was last brought up to date, a sample of streams."""

    codec: Codec
    keyring: Keyring  # the codec's: stamped residents are marked erased in it
    places: list[str]
    residents: int = 0
    events: int = 0
    heads: dict[str, tuple[int, bytes]] = field(default_factory=dict)
    finished: list[tuple[str, int, list[bytes]]] = field(default_factory=list)
    sample: list[str] = field(default_factory=list)
    models: list[Model] = field(default_factory=list)
    modelled: int = MODELS  # how many residents the codec encodes
    shapes: list[Any] = field(default_factory=list)  # the neighbourhoods' boundaries, looked up


def rows(town: Town, events: int) -> Iterator[tuple[Any, ...]]:
    """About `events` more rows (whole residents), the neighbourhoods first when none exist."""
    if not town.heads:
        for n, place in enumerate(town.places):
            yield from _rows(town, _encode(town.codec, *_created(n, place)), n)
        town.models = [_model(town, m) for m in range(2, town.modelled + 2)]
    target = town.residents + max(1, events // PER_RESIDENT)
    while town.residents < target:
        r = town.residents
        town.residents += 1
        for append in _stamped(town, r):
            yield from _rows(town, append, r)


def _created(n: int, place: str) -> tuple[str, list[Any]]:
    w, s = -4.0 + (n % 100) * 0.1, 43.5 + (n // 100) * 0.06
    ring = [[w, s], [w + 0.004, s], [w + 0.004, s + 0.003], [w, s + 0.003], [w, s]]
    boundary = {"type": "Polygon", "coordinates": [ring]}
    made = NeighbourhoodCreated(
        uuid.UUID(place), uuid.UUID(int=n), f"Quartier {n}", "Entre voisins", boundary, 0.1, START
    )
    return neighbourhood_stream(uuid.UUID(place)), [made]


def _story(town: Town, r: int, people: int, things: int) -> list[tuple[str, list[Any]]]:
    """Resident r's appends, as contract dataclasses (ids in the spaces `people`, `things`)."""
    rid, place = resident_id(r, people), uuid.UUID(town.places[r % len(town.places)])
    at = START + timedelta(seconds=r)
    appends: list[tuple[str, list[Any]]] = [
        (f"identity.resident-{rid}",
         [ResidentRegistered(rid, f"r{r}@example.org", f"Voisin {r}", at)]),
        (neighbourhood_stream(place), [MemberJoined(place, rid, uuid.uuid4(), at)]),
    ]  # fmt: skip
    for i in (2 * r, 2 * r + 1):
        lid = listing_id(i, things)
        appends.append((listing_stream(lid), [
            ListingPublished(
                lid, rid, [place], "offer", "service", f"Aide au jardinage {i}",
                "Le samedi matin, outils fournis.", {"tags": ["jardinage"], "paid": False}, [],
                at + timedelta(days=30), at,
            ),
            *(ResponseSent(lid, uuid.uuid4(), resident_id(r - k, people), "Bonjour !", at)
              for k in (1, 2)),
            ListingClosed(lid, "done", at + timedelta(hours=2)),
        ]))  # fmt: skip
    return appends


def _encode(codec: Codec, stream: str, made: list[Any]) -> list[Encoded]:
    meta = Metadata.start(f"resident:{uuid.uuid4()}", uuid.uuid4())
    encoded = encode_events(stream, [codec.encode(e, meta) for e in made])
    return [(stream, e.type, e.schema_version, e.data, e.metadata) for e in encoded]


@dataclass
class Model:
    """A resident's appends as the codec encoded them, each text cut around its ids."""

    appends: list[list[tuple[list[str], str, int, list[str], list[str]]]]
    ids: list[str]


def _model(town: Town, m: int) -> Model:
    story = _story(town, m, MODEL_RESIDENTS, MODEL_LISTINGS)
    appends = [_encode(town.codec, stream, made) for stream, made in story]
    cut = [[(_parts(s), t, v, _parts(d), _parts(x)) for s, t, v, d, x in a] for a in appends]
    found = {p for a in cut for s, _, _, d, x in a for text in (s, d, x) for p in text[1::2]}
    return Model(cut, sorted(found))


def _uuid(kind: int, n: int) -> str:
    """A fresh id as text, without the cost of uuid4: a kind and a counter."""
    x = f"{(kind << 120) | n:032x}"
    return f"{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}"


def _parts(text: str) -> list[str]:
    """`text` cut around its ids: literal, id, literal, ..., literal."""
    cut: list[str] = []
    at = 0
    for found in UUID.finditer(text):
        cut += [text[at : found.start()], found.group(0)]
        at = found.end()
    return [*cut, text[at:]]


def _fill(parts: list[str], ids: dict[str, str]) -> str:
    return "".join(p if k % 2 == 0 else ids[p] for k, p in enumerate(parts))


def _stamped(town: Town, r: int) -> Iterator[list[Encoded]]:
    """Resident r's appends: a model's, every id the model's own replaced by r's."""
    m = 2 + r % town.modelled
    places = len(town.places)
    ids = {
        str(resident_id(m - k, MODEL_RESIDENTS)): str(
            resident_id(r - k) if r >= k else _uuid(6, r * 3 + k)
        )
        for k in (0, 1, 2)
    }
    ids[town.places[m % places]] = town.places[r % places]
    ids |= {str(listing_id(2 * m + k, MODEL_LISTINGS)): str(listing_id(2 * r + k)) for k in (0, 1)}
    model = town.models[m - 2]
    town.keyring.erase(ids[str(resident_id(m, MODEL_RESIDENTS))])
    for k in (1, 2):
        if r < k:  # a responder who is no resident of the town
            town.keyring.erase(ids[str(resident_id(m - k, MODEL_RESIDENTS))])
    for n, other in enumerate(model.ids):
        ids.setdefault(other, _uuid(7, r * 64 + n))
    for append in model.appends:
        yield [
            (_fill(stream, ids), t, v, _fill(data, ids), _fill(meta, ids))
            for stream, t, v, data, meta in append
        ]


def _rows(town: Town, append: list[Encoded], r: int) -> Iterator[tuple[Any, ...]]:
    """The rows of one append after its stream's head, as `append` would write them."""
    stream = append[0][0]
    version, previous = town.heads.get(stream, (-1, ZERO))
    at = START + timedelta(seconds=r)
    ids = [_uuid(8, town.events + k) for k in range(len(append))]
    town.events += len(append)
    hashes = chain(
        previous,
        [digest(i, stream, t, v, d, m, at) for i, (_, t, v, d, m) in zip(ids, append, strict=True)],
    )
    for i, (_, t, v, d, m), hashed in zip(ids, append, hashes, strict=True):
        version += 1
        yield (i, stream, category_of(stream), version, t, v, d, m, at, hashed)
    # A roster grows with every member: its head stays here until the streams table is brought
    # up to date; other streams are written whole at once.
    if stream.startswith("neighbourhoods."):
        town.heads[stream] = (version, hashes[-1])
        return
    town.finished.append((stream, version, hashes))
    if len(town.sample) < 2000 and r % 7 == 0:
        town.sample.append(stream)
