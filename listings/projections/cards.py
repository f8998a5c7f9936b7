"""Listings as queries answer them (JSON-ready: ids as str, times ISO UTC): the card a board
shows, the whole listing, each with its author as neighbours see them and the distance from the
viewer's home, fetched for a page at once."""

from __future__ import annotations

import math
import uuid
from collections import defaultdict
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from listings.projections.facts import shown_street, street_point
from services.subscriptions.columns import iso

DISTANCE_STEP_M = 50
EARTH_RADIUS_M = 6_371_000


class Cards:
    """What the cards of `rows` (listing rows) need, read in a few queries."""

    def __init__(
        self,
        conn: Connection,
        t: SimpleNamespace,
        f: SimpleNamespace,
        rows: Sequence[Any],
        viewer_id: uuid.UUID | None,
    ) -> None:
        ids = [row.listing_id for row in rows]
        p, lp, ph, res = t.places, t.listing_photos, t.photos, f.residents
        self.places: dict[str, list[str]] = defaultdict(list)
        self.photos: dict[str, list[str]] = defaultdict(list)
        if ids:
            for x in conn.execute(
                sa.select(p.c.listing_id, p.c.neighbourhood_id)
                .where(p.c.listing_id.in_(ids), p.c.shown.is_(True))
                .order_by(p.c.neighbourhood_id)
            ):
                self.places[x.listing_id].append(x.neighbourhood_id)
            for x in conn.execute(
                sa.select(lp.c.listing_id, lp.c.photo_id)
                .select_from(lp.join(ph, ph.c.photo_id == lp.c.photo_id))
                .where(lp.c.listing_id.in_(ids), ph.c.deleted.is_(False))
                .order_by(lp.c.listing_id, lp.c.position)
            ):
                self.photos[x.listing_id].append(x.photo_id)
        people = {row.author_id for row in rows} | ({str(viewer_id)} if viewer_id else set())
        self.people = {
            x.resident_id: x
            for x in conn.execute(sa.select(res).where(res.c.resident_id.in_(sorted(people))))
        }
        me = self.people.get(str(viewer_id)) if viewer_id else None
        self.home = None
        if me is not None and me.verified and not me.erased and me.longitude is not None:
            self.home = (me.longitude, me.latitude)

    def card(self, row: Any) -> dict[str, Any]:
        author = self.people.get(row.author_id)
        photos = self.photos.get(row.listing_id, [])
        return {
            "listing_id": row.listing_id,
            "kind": row.kind,
            "category": row.category,
            "title": row.title,
            "status": row.status,
            "hidden": bool(row.hidden),
            "neighbourhood_ids": self.places.get(row.listing_id, []),
            "author": {
                "resident_id": row.author_id,
                "display_name": None if author is None else author.display_name,
                "street": shown_street(author),
            },
            "thumbnail_photo_id": photos[0] if photos else None,
            "details": row.details,
            "published_at": iso(row.published_at),
            "expires_at": iso(row.expires_at),
            "distance_m": self._distance(author),
        }

    def listing(self, row: Any) -> dict[str, Any]:
        return {
            **self.card(row),
            "description": row.description,
            "photos": self.photos.get(row.listing_id, []),
            "responses_count": row.responses_count,
            "chosen_response_id": row.chosen_response_id,
        }

    def _distance(self, author: Any) -> int | None:
        there = street_point(author)
        if self.home is None or there is None:
            return None
        metres = distance_m(self.home, there)
        return int(round(metres / DISTANCE_STEP_M) * DISTANCE_STEP_M)


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lon, lat) points."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))
