"""A listing as matching compares it: the facts of an offer or a request that a score reads,
made from what its author published (pure: the caller hands in the texts and details it
decoded, and the author's home as the residents' copy knows it).

Words are compared by their stems (contracts/words.py) without stop words; a service's skills
are its fixed tags and the skills its words name in either language (SKILL_WORDS), so that
"jardinage" and "gardening" are both about gardening. Weekdays are those the texts name, a
trip's weekly days, or the day of its departure.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from contracts.listings.categories import SKILLS, WEEKDAYS
from contracts.words import meaningful, plain, stem

SKILL_WORDS: Mapping[str, tuple[str, ...]] = {
    "gardening": ("jardin", "jardinage", "jardiner", "potager", "pelouse", "tondre", "haie",
                  "garden", "gardening", "lawn", "hedge", "mow"),
    "diy": ("bricolage", "bricoler", "perceuse", "etagere", "diy", "drill", "shelf", "repair"),
    "computer_help": ("ordinateur", "informatique", "imprimante", "computer", "laptop", "printer"),
    "childcare": ("enfant", "enfants", "garde", "babysitting", "childcare", "child", "children"),
    "pet_sitting": ("chien", "chat", "animal", "animaux", "dog", "cat", "pet", "pets"),
    "tutoring": ("cours", "soutien", "devoirs", "tutoring", "homework", "lesson"),
    "moving_help": ("demenagement", "demenager", "carton", "moving", "move", "boxes"),
    "cooking": ("cuisine", "cuisiner", "repas", "cooking", "cook", "meal"),
    "sewing": ("couture", "coudre", "ourlet", "sewing", "sew", "hem"),
}  # fmt: skip
"""Words (folded, in French and English) that say a listing is about a skill."""
_SKILL_STEMS: Mapping[str, str] = {
    stem(word): skill for skill, found in SKILL_WORDS.items() for word in found
}
DAY_WORDS: Mapping[str, tuple[str, ...]] = {
    "mon": ("lundi", "lundis", "monday", "mondays"),
    "tue": ("mardi", "mardis", "tuesday", "tuesdays"),
    "wed": ("mercredi", "mercredis", "wednesday", "wednesdays"),
    "thu": ("jeudi", "jeudis", "thursday", "thursdays"),
    "fri": ("vendredi", "vendredis", "friday", "fridays"),
    "sat": ("samedi", "samedis", "saturday", "saturdays"),
    "sun": ("dimanche", "dimanches", "sunday", "sundays"),
}
_DAYS = {word: day for day, found in DAY_WORDS.items() for word in found}
# Weekdays are time, not topic: they score as such, never as words in common.
_TIME_STEMS = frozenset({stem(word) for word in _DAYS} | {stem("week"), stem("end")})
_WEEKEND = re.compile(r"\bweek[\s-]?ends?\b")


@dataclass(frozen=True)
class Home:
    """A home at street level (rounded by the residents' copy), and its street's name."""

    lat: float
    lon: float
    street: str | None = None


@dataclass(frozen=True)
class Point:
    lat: float
    lon: float


@dataclass(frozen=True)
class Trip:
    """A trip offered or asked for: from, to, the points of the drawn route between them
    (none: a straight line), and either a departure or a weekly schedule (days, minutes after
    midnight, local time)."""

    start: Point
    end: Point
    via: tuple[Point, ...] = ()
    departure: datetime | None = None
    days: frozenset[str] = frozenset()
    minutes: int | None = None


@dataclass(frozen=True)
class Listing:
    listing_id: uuid.UUID
    author_id: uuid.UUID
    kind: str
    category: str
    neighbourhood_ids: frozenset[uuid.UUID]
    words: frozenset[str] = frozenset()
    skills: frozenset[str] = frozenset()
    days: frozenset[str] = frozenset()
    home: Home | None = None
    trip: Trip | None = None


def listing_of(
    listing_id: uuid.UUID,
    author_id: uuid.UUID,
    kind: str,
    category: str,
    neighbourhood_ids: frozenset[uuid.UUID],
    title: str,
    description: str,
    details: Mapping[str, Any],
    home: Home | None,
) -> Listing:
    """The facts of a listing from what its author published."""
    texts = " ".join([title, description, *_detail_texts(details)])
    words = meaningful(texts) - _TIME_STEMS
    trip = trip_of(details) if category == "transport" else None
    days = days_named(texts) | (trip.days if trip else frozenset())
    if trip is not None and trip.departure is not None:
        days |= {WEEKDAYS[trip.departure.weekday()]}
    return Listing(
        listing_id,
        author_id,
        kind,
        category,
        neighbourhood_ids,
        words,
        skills_of(words, details.get("tags", ())),
        frozenset(days),
        home,
        trip,
    )


def _detail_texts(details: Mapping[str, Any]) -> list[str]:
    named = ("item", "product", "gives", "wants", "condition")
    texts = [str(details[k]) for k in named if isinstance(details.get(k), str)]
    texts += [str(tag) for tag in details.get("tags", ()) if tag not in SKILLS]
    return texts


def skills_of(words: frozenset[str], tags: Any) -> frozenset[str]:
    fixed = {tag for tag in tags if tag in SKILLS}
    return frozenset(fixed | {_SKILL_STEMS[w] for w in words if w in _SKILL_STEMS})


def days_named(text: str) -> frozenset[str]:
    folded = plain(text)
    days = {_DAYS[w] for w in re.findall(r"[a-z]+", folded) if w in _DAYS}
    if _WEEKEND.search(folded):
        days |= {"sat", "sun"}
    return frozenset(days)


def trip_of(details: Mapping[str, Any]) -> Trip | None:
    try:
        start, end = _point(details["from"]), _point(details["to"])
    except (KeyError, TypeError, ValueError):
        return None
    via = tuple(_point(p) for p in details.get("route", ()) or ())
    weekly = details.get("weekly")
    if isinstance(weekly, Mapping):
        hours, minutes = (int(x) for x in str(weekly["time"]).split(":"))
        return Trip(start, end, via, None, frozenset(weekly["days"]), hours * 60 + minutes)
    departure = details.get("departure")
    when = datetime.fromisoformat(departure) if isinstance(departure, str) else departure
    return Trip(start, end, via, when if isinstance(when, datetime) else None)


def _point(value: Any) -> Point:
    return Point(float(value["lat"]), float(value["lon"]))
