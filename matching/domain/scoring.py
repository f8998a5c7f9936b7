"""How well an offer answers a request: each factor alone, and the one table of their weights.

| factor   | weight | points                                   | refuses the pair when      |
|----------|--------|------------------------------------------|----------------------------|
| category | 15     | same category 15, a related one 8        | unrelated categories       |
| words    | 40     | 10 a word in common, 20 a skill          | nothing in common (not trips) |
| route    | 40     | trips: 40 less 1 a 50 m of detour        | off the route, wrong way   |
| time     | 15     | weekdays in common; a trip's departure   | a trip at another time     |
|          |        | within TOLERANCE, less the further apart |                            |
| distance | 30     | 30 at the same point, 0 at the radius    | homes beyond RADIUS_M      |

A factor that knows nothing (no weekday named, a home not declared) gives no points and no
reason, and refuses nothing. The score is the sum, at most 100; the reasons are the factors
that gave points, best first, each with what a resident is told (`detail`): never a free text
nor a street's name, which are personal.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from contracts.listings.categories import WEEKDAYS
from matching.domain.listing import Home, Listing
from matching.domain.route import route_fit, times_fit

WEIGHTS: Mapping[str, int] = {"category": 15, "words": 40, "route": 40, "time": 15, "distance": 30}
RELATED: Mapping[str, tuple[str, ...]] = {
    "loan": ("rental",),
    "rental": ("loan",),
    "barter": ("giveaway",),
    "giveaway": ("barter",),
}
"""Categories whose offers may answer each other's requests (someone asking to borrow a drill
is answered by one for rent too)."""
RADIUS_M: Mapping[str, int] = {
    "service": 1500,
    "loan": 500,
    "rental": 800,
    "transport": 5000,
    "barter": 1000,
    "giveaway": 1000,
    "group_purchase": 1500,
    "good_deal": 1000,
    "alert": 1000,
}
"""How far apart two homes may be for a match, by the request's category: a few hundred metres
to carry a loan home, a few kilometres for a shared trip."""
TOLERANCE = timedelta(minutes=45)
"""How far apart a trip's departure and the time a ride is asked for may be."""
WORD_POINTS = 10
SKILL_POINTS = 20
EARTH_M = 6_371_000


@dataclass(frozen=True)
class Reason:
    factor: str
    points: int
    detail: Mapping[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {"factor": self.factor, "points": self.points, "detail": dict(self.detail)}


@dataclass(frozen=True)
class Score:
    total: int
    reasons: tuple[Reason, ...]


class Refused(Exception):
    """The pair does not answer each other (a factor's hard rule)."""


def categories(offer: Listing, request: Listing) -> Reason:
    if offer.category == request.category:
        return Reason("category", WEIGHTS["category"], {"category": request.category})
    if offer.category in RELATED.get(request.category, ()):
        detail = {"category": request.category, "offered": offer.category}
        return Reason("category", WEIGHTS["category"] * 8 // 15, detail)
    raise Refused("unrelated categories")


def alike(a: str, b: str) -> bool:
    """Two stems are one word when equal, or when the shorter (5 letters or more) begins the
    longer: derivations the stemmers leave apart ("jardin", "jardinag")."""
    short, long = sorted((a, b), key=len)
    return short == long or (len(short) >= 5 and long.startswith(short))


def words(offer: Listing, request: Listing) -> Reason:
    skills = sorted(offer.skills & request.skills)
    shared = sum(1 for w in request.words if any(alike(w, o) for o in offer.words))
    points = min(WEIGHTS["words"], SKILL_POINTS * len(skills) + WORD_POINTS * shared)
    if points == 0:
        raise Refused("nothing in common")
    return Reason("words", points, {"skills": skills, "shared_words": shared})


def days(offer: Listing, request: Listing) -> Reason | None:
    common = offer.days & request.days
    if not offer.days or not request.days:
        return None
    if not common:
        return None
    ordered = [d for d in WEEKDAYS if d in common]
    share = len(common) / min(len(offer.days), len(request.days))
    return Reason("time", round(WEIGHTS["time"] * share), {"days": ordered})


def distance_m(a: Home, b: Home) -> float:
    """Great-circle distance between two homes (haversine)."""
    la, lb = math.radians(a.lat), math.radians(b.lat)
    dlat, dlon = lb - la, math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(la) * math.cos(lb) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_M * math.asin(min(1.0, math.sqrt(h)))


def homes(offer: Listing, request: Listing) -> Reason | None:
    if offer.home is None or request.home is None:
        return None
    radius = RADIUS_M[request.category]
    metres = distance_m(offer.home, request.home)
    if metres > radius:
        raise Refused("homes too far apart")
    same_street = bool(offer.home.street) and offer.home.street == request.home.street
    detail = {"metres": int(round(metres / 50) * 50), "same_street": same_street}
    return Reason("distance", round(WEIGHTS["distance"] * (1 - metres / radius)), detail)


def trips(offer: Listing, request: Listing) -> list[Reason]:
    """A ride asked for against a trip offered: the route and the time, or Refused."""
    if offer.trip is None or request.trip is None:
        raise Refused("a trip without its points")
    on_the_way = route_fit(offer.trip, request.trip, WEIGHTS["route"])
    if on_the_way is None:
        raise Refused("not on the way")
    in_time = times_fit(offer.trip, request.trip, WEIGHTS["time"], TOLERANCE)
    if in_time is None:
        raise Refused("not at the same time")
    return [Reason("route", *on_the_way), Reason("time", *in_time)]


def score(offer: Listing, request: Listing) -> Score | None:
    """The score of an offer for a request, or None when they do not answer each other."""
    try:
        reasons: list[Reason | None] = [categories(offer, request)]
        if request.category == "transport":
            reasons += trips(offer, request)
        else:
            reasons += [words(offer, request), days(offer, request)]
        reasons.append(homes(offer, request))
    except Refused:
        return None
    found = sorted((r for r in reasons if r and r.points > 0), key=lambda r: -r.points)
    return Score(min(100, sum(r.points for r in found)), tuple(found))
