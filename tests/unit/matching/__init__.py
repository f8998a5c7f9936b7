"""Unit tests of the matching context, and the listings they are about."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from matching.domain.listing import Home, Listing, listing_of

T0 = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
NID = uuid.UUID("00000000-0000-4000-8000-000000000001")
# Two homes on one street, about 100 m apart; one 3 km away.
HOME = Home(48.8500, 2.3500, "rue des Lilas")
NEXT_DOOR = Home(48.8509, 2.3500, "rue des Lilas")
FAR = Home(48.8770, 2.3500, "rue Lointaine")


def a_listing(
    kind: str,
    title: str,
    description: str = "",
    *,
    category: str = "service",
    details: dict[str, Any] | None = None,
    home: Home | None = HOME,
    author: uuid.UUID | None = None,
    neighbourhoods: frozenset[uuid.UUID] = frozenset({NID}),
) -> Listing:
    default = {"tags": [], "paid": False} if category == "service" else {"item": title}
    return listing_of(
        uuid.uuid4(),
        author or uuid.uuid4(),
        kind,
        category,
        neighbourhoods,
        title,
        description,
        details if details is not None else default,
        home,
    )


def point(lat: float, lon: float) -> dict[str, float]:
    return {"lat": lat, "lon": lon}
