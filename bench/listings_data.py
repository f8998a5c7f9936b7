"""Listings drawn for the search benchmark, written straight into the read model's tables (the
rows ListingPublished makes through listings.projections, without a log to replay): neighbourhoods
of equal size, titles and descriptions from a French and English vocabulary with accents, each
word's forms as listings.projections.text makes them."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import sqlalchemy as sa

from listings.projections import search, text
from listings.projections.lifecycle import micros

WORDS = tuple(
    "".join(
        "perceuse étagère vélo tondeuse échelle scie marteau tournevis canapé chaise "
        "table armoire lampe livre jouet poussette siège voiture trottinette tente "
        "barbecue parasol plante graine cours anglais mathématiques jardinage bricolage "
        "couture cuisine gâteau pain confiture déménagement carton covoiturage trajet "
        "gare école marché pharmacie chat chien perdu trouvé orage inondation clés "
        "lunettes portefeuille drill ladder bike mower shelf hammer sofa chair lamp book "
        "toy stroller tent plants seeds lessons english maths gardening sewing cooking "
        "cake bread jam moving boxes carpool ride station school market lost found cat "
        "dog keys neuf ancien bois métal électrique petit grand rouge bleu vert propre "
        "prêt donne échange cherche propose urgent samedi dimanche matin soir quartier "
        "voisin voisine enfant famille"
    ).split()
)
CATEGORIES = ("service", "loan", "rental", "transport", "good_deal", "barter", "giveaway")
KINDS = ("offer", "request")
START = datetime(2026, 1, 1, tzinfo=UTC)


def neighbourhood_ids(count: int, space: int = 7) -> list[str]:
    """`count` neighbourhood ids; another `space` gives ids none of the first ones."""
    return [str(uuid.UUID(int=(space << 120) | i)) for i in range(count)]


def fill(
    conn: sa.Connection,
    t: Any,
    f: Any,
    listings: int,
    places: list[str],
    seed: int,
    first: int = 0,
) -> None:
    """`listings` listings spread evenly over `places` (one each, newest last), with one member
    per neighbourhood (the viewer of the queries), in chunks. `first`: how many listings the
    tables already hold from an earlier fill (the new ones come after them)."""
    rng = np.random.default_rng(seed)
    forms = [text.forms(w) for w in WORDS]
    # Zipf-like: a few words are common, most are rare, as in real listings.
    weights = 1 / np.arange(1, len(WORDS) + 1) ** 0.8
    weights /= weights.sum()
    conn.execute(
        f.members.insert(),
        [
            {
                "neighbourhood_id": n,
                "resident_id": viewer(n),
                "join_id": n,
                "role": "member",
                "since": START,
            }
            for n in places
        ],
    )
    for start in range(first, first + listings, 20_000):
        rows, shown, indexed = [], [], []
        for i in range(start, min(first + listings, start + 20_000)):
            picked = rng.choice(len(WORDS), size=int(rng.integers(8, 20)), p=weights)
            title = " ".join(WORDS[k] for k in picked[:4])
            tokens = " ".join(sorted({x for k in picked for x in forms[k]}))
            at = START + timedelta(seconds=i * 7)
            lid = str(uuid.UUID(int=(9 << 120) | i))
            rows.append(
                _row(i + 1, lid, title, " ".join(WORDS[k] for k in picked[4:]), tokens, at, rng)
            )
            shown.append(
                {
                    "listing_id": lid,
                    "neighbourhood_id": places[i % len(places)],
                    "shown": True,
                    "published_us": micros(at),
                }
            )
            indexed.append((i + 1, tokens, search.place_token(places[i % len(places)])))
        conn.execute(t.listings.insert(), rows)
        conn.execute(t.places.insert(), shown)
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql(
                f"INSERT INTO {search.fts_name(t.listings)} (rowid, tokens, places) "
                "VALUES (?, ?, ?)",
                indexed,
            )


def viewer(neighbourhood_id: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, neighbourhood_id))


def _row(
    seq: int,
    lid: str,
    title: str,
    description: str,
    tokens: str,
    at: datetime,
    rng: np.random.Generator,
) -> dict[str, Any]:
    return {
        "seq": seq,
        "listing_id": lid,
        "author_id": lid,
        "kind": KINDS[int(rng.integers(2))],
        "category": CATEGORIES[int(rng.integers(len(CATEGORIES)))],
        "title": title,
        "description": description,
        "details": {},
        "status": "open",
        "hidden": False,
        "author_erased": False,
        "published_at": at,
        "published_us": micros(at),
        "expires_at": at + timedelta(days=30),
        "expires_us": micros(at + timedelta(days=30)),
        "responses_count": 0,
        "chosen_response_id": None,
        "open_reports": 0,
        "last_report_us": None,
        "search": tokens,
        "stream_version": 0,
    }


def queries(rng: np.random.Generator, places: list[str], count: int) -> Iterator[tuple[str, str]]:
    """(neighbourhood, search text) pairs: one or two words, as residents type them (plural,
    capitals or without accents now and then)."""
    for _ in range(count):
        words = [WORDS[int(k)] for k in rng.integers(0, len(WORDS), size=int(rng.integers(1, 3)))]
        typed = [text.plain(w) + "s" if rng.random() < 0.5 else w for w in words]
        yield places[int(rng.integers(len(places)))], " ".join(typed)
